// `npm run build`: the Next.js production build, then server.ts compiled into .next/coffer-server.js (so
// production runs on plain node, without tsx), then the source stamp that says what the build was made from.
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ensureEnvFile } from "./ensure-env.mjs";
import { writeStamp } from "./source-stamp.mjs";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);

// The build loads the env module, which needs the secrets a first `npm start` would generate.
ensureEnvFile(root);

execFileSync(bin("next"), ["build"], { cwd: root, stdio: "inherit", env });
execFileSync(
  bin("esbuild"),
  [
    "server.ts",
    "--bundle",
    "--platform=node",
    "--format=cjs",
    "--target=node20",
    // Packages stay in node_modules; only Coffer's own modules (the bridge, env, logger) go into the file.
    "--packages=external",
    "--log-level=warning",
    "--outfile=.next/coffer-server.js",
  ],
  { cwd: root, stdio: "inherit", env },
);
writeStamp(root);
console.log("Built .next (Next.js) and .next/coffer-server.js (server.ts).");
