// A real nginx in front of test servers, with TLS (scripts/throwaway-nginx.mjs: the configuration docs/deploy.md
// shows, for loopback), in a folder of its own under the run's folder, recorded so that global-teardown.ts ends it
// if a test does not.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startThrowawayNginx } from "../../scripts/throwaway-nginx.mjs";
import { forgetServer, recordServer, RUN_DIR_VARIABLE } from "./test-run";

export { nginxBinary } from "../../scripts/throwaway-nginx.mjs";

export type TestNginx = {
  /** https://localhost:<port>: the name the certificate is for. */
  url: string;
  port: number;
  /** The throwaway certificate, the one thing a client must trust. */
  ca: string;
  /** nginx's error log (warnings such as "buffered to a temporary file" included). */
  logs(): string;
  /** The access log, one line per request (deploy/nginx/coffer.conf's format, which ends with $upstream_addr). */
  accessLog(): string;
  /** Ends nginx (SIGTERM, SIGKILL after 5 s) and removes its folder. */
  stop(): Promise<void>;
};

/** Starts nginx on 127.0.0.1:`port` with an upstream of `nodes`, client_max_body_size from `maxFileSize`. */
export async function startNginx(opts: {
  binary: string;
  port: number;
  httpPort: number;
  nodes: { port: number }[];
  maxFileSize: number;
}): Promise<TestNginx> {
  const dir = fs.mkdtempSync(path.join(process.env[RUN_DIR_VARIABLE] ?? os.tmpdir(), "nginx-"));
  let server: ReturnType<typeof startThrowawayNginx> | undefined;
  const stop = async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = (server = startThrowawayNginx({ ...opts, dir }));
    recordServer(started.pid);
    void started.exited.then(() => forgetServer(started.pid));
    await started.ready;
    return {
      url: started.url,
      port: opts.port,
      ca: fs.readFileSync(started.certificate, "utf8"),
      logs: () => started.logs(),
      accessLog: () => (fs.existsSync(started.accessLog) ? fs.readFileSync(started.accessLog, "utf8") : ""),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
