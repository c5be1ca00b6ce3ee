// A real nginx (Debian's package) in front of test servers, with TLS: the configuration docs/deploy.md shows
// (deploy/nginx/coffer.conf, filled in by scripts/nginx-config.mjs) inside a main file of its own that stands in
// for Debian's /etc/nginx/nginx.conf. Everything it writes (certificate, configuration, temporary files, pid,
// access log) is in a folder of its own under the run's folder; it runs in the foreground in a process group of
// its own, recorded so that global-teardown.ts ends it if a test does not. Its error log goes to its output.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { deploymentValues, renderNginxConfig } from "../../scripts/nginx-config.mjs";
import { startServerProcess, type ThrowawayServer } from "../../scripts/throwaway-server.mjs";
import { forgetServer, recordServer, RUN_DIR_VARIABLE } from "./test-run";

const CANDIDATES = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

/** Where nginx is installed, or null. */
export function nginxBinary(): string | null {
  for (const candidate of CANDIDATES) if (fs.existsSync(candidate)) return candidate;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, "nginx");
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

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

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day. */
function makeCertificate(dir: string) {
  const key = path.join(dir, "localhost.key");
  const certificate = path.join(dir, "localhost.crt");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
      .concat(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
      .concat(["-keyout", key, "-out", certificate]),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { key, certificate };
}

/**
 * Starts nginx on 127.0.0.1:`port` over HTTPS (and a free-standing HTTP port for the redirect server), with an
 * upstream of `nodes`, client_max_body_size from `maxFileSize`.
 */
export async function startNginx(opts: {
  binary: string;
  port: number;
  httpPort: number;
  nodes: { port: number }[];
  maxFileSize: number;
}): Promise<TestNginx> {
  const dir = fs.mkdtempSync(path.join(process.env[RUN_DIR_VARIABLE] ?? os.tmpdir(), "nginx-"));
  let server: ThrowawayServer | undefined;
  const stop = async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { key, certificate } = makeCertificate(dir);
    const accessLog = path.join(dir, "access.log");
    const site = renderNginxConfig(
      deploymentValues({
        serverName: "localhost",
        nodes: opts.nodes.map((node) => `127.0.0.1:${node.port}`),
        maxFileSize: opts.maxFileSize,
        certificate,
        certificateKey: key,
        listenHttp: [`127.0.0.1:${opts.httpPort}`],
        listenHttps: [`127.0.0.1:${opts.port}`],
        accessLog,
      }),
    );
    fs.writeFileSync(path.join(dir, "coffer.conf"), site);
    const temp = (name: string) => path.join(dir, "temp", name);
    for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(temp(name), { recursive: true });
    // Debian's nginx.conf, cut to what a test needs: everything in this folder, in the foreground.
    const main = [
      "daemon off;",
      // Workers of a master started by root would run as nobody, who cannot write this folder.
      ...(process.getuid?.() === 0 ? ["user root;"] : []),
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      "error_log stderr notice;",
      "events { worker_connections 512; }",
      "http {",
      `    client_body_temp_path ${temp("body")};`,
      `    proxy_temp_path ${temp("proxy")};`,
      `    fastcgi_temp_path ${temp("fastcgi")};`,
      `    uwsgi_temp_path ${temp("uwsgi")};`,
      `    scgi_temp_path ${temp("scgi")};`,
      "    access_log off;",
      `    include ${path.join(dir, "coffer.conf")};`,
      "}",
      "",
    ].join("\n");
    const conf = path.join(dir, "nginx.conf");
    fs.writeFileSync(conf, main);
    server = startServerProcess({
      label: "nginx",
      command: opts.binary,
      // -e: the error log before the configuration is read (Debian's default is /var/log/nginx/error.log).
      args: ["-p", dir, "-c", conf, "-e", "stderr"],
      cwd: dir,
      env: process.env,
      port: opts.port,
    });
    recordServer(server.pid);
    const started = server;
    void started.exited.then(() => forgetServer(started.pid));
    await server.ready;
    return {
      url: `https://localhost:${opts.port}`,
      port: opts.port,
      ca: fs.readFileSync(certificate, "utf8"),
      logs: () => started.logs(),
      accessLog: () => (fs.existsSync(accessLog) ? fs.readFileSync(accessLog, "utf8") : ""),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
