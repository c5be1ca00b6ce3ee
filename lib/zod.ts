// zod for schemas that also run in the browser. Its JIT probes `new Function`, which the page CSP
// forbids: the probe is caught, but the browser still reports a violation. Jitless mode skips it.
import { z } from "zod";

z.config({ jitless: true });

export { z };
