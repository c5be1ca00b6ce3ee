// A throwaway nginx (Debian's package) with TLS in front of Coffer servers on this machine, for the nginx test and
// the bench: the configuration docs/deploy.md shows (deploy/nginx/coffer.conf, written by scripts/nginx-config.mjs)
// for 127.0.0.1, inside a main file of its own that stands in for Debian's /etc/nginx/nginx.conf. Everything it
// writes (a self-signed certificate made by openssl, the configuration, temporary files, pid, access log) is in
// `dir`; it runs in the foreground in a process group of its own, its error log on its output.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { deploymentValues, renderNginxConfig } from "./nginx-config.mjs";
import { startServerProcess } from "./throwaway-server.mjs";

const CANDIDATES = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

/** Where nginx is installed (Debian's place, then PATH), or null. */
export function nginxBinary() {
  for (const candidate of CANDIDATES) if (fs.existsSync(candidate)) return candidate;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, "nginx");
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day, in `dir`. */
function makeCertificate(dir) {
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
 * Starts nginx in the empty folder `dir` on 127.0.0.1:`port` over HTTPS (and `httpPort` for the redirect server),
 * with an upstream of `nodes` (their ports on 127.0.0.1) and client_max_body_size from `maxFileSize`. Answers at
 * once (await `ready`), with `url` (https://localhost:<port>, the certificate's name), `certificate` (the file a
 * client must trust), `accessLog` (its file) and startServerProcess's stop, kill and logs.
 */
export function startThrowawayNginx({ binary, dir, port, httpPort, nodes, maxFileSize }) {
  const { key, certificate } = makeCertificate(dir);
  const accessLog = path.join(dir, "access.log");
  const site = renderNginxConfig(
    deploymentValues({
      serverName: "localhost",
      nodes: nodes.map((node) => `127.0.0.1:${node.port}`),
      maxFileSize,
      certificate,
      certificateKey: key,
      listenHttp: [`127.0.0.1:${httpPort}`],
      listenHttps: [`127.0.0.1:${port}`],
      accessLog,
    }),
  );
  fs.writeFileSync(path.join(dir, "coffer.conf"), site);
  const temp = (name) => path.join(dir, "temp", name);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(temp(name), { recursive: true });
  const main = [
    "daemon off;",
    // Workers of a master started by root would run as nobody, who cannot write this folder.
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "worker_processes 1;",
    `pid ${path.join(dir, "nginx.pid")};`,
    "error_log stderr notice;",
    "events { worker_connections 1024; }",
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
  const server = startServerProcess({
    label: "nginx",
    command: binary,
    // -e: the error log before the configuration is read (Debian's default is /var/log/nginx/error.log).
    args: ["-p", dir, "-c", conf, "-e", "stderr"],
    cwd: dir,
    env: process.env,
    port,
  });
  return Object.assign(server, { url: `https://localhost:${port}`, certificate, accessLog });
}
