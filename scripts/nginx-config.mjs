// Writes Coffer's nginx configuration from its template, deploy/nginx/coffer.conf: every {{PLACEHOLDER}} filled
// in, a line whose placeholder has several values written once per value. docs/deploy.md (section 8) tells a
// person to run it; tests/integration/cluster/nginx-tls.test.ts runs nginx on what it makes, so the two cannot
// drift apart.
//
//   node scripts/nginx-config.mjs --server-name files.example.org --node 10.0.0.11:3000 --node 10.0.0.12:3000 \
//     [--max-file-size BYTES] [--certificate FILE --certificate-key FILE] [--listen-http ADDR]... \
//     [--listen-https ADDR]... [--access-log FILE]
//
// --max-file-size defaults to MAX_FILE_SIZE from the environment, else Coffer's default (2 GiB); the certificate
// to Let's Encrypt's files for the server name; the listen addresses to 80 and 443 on IPv4 and IPv6.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const NGINX_TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "deploy", "nginx", "coffer.conf");

const MiB = 1024 * 1024;
/** Coffer's own default MAX_FILE_SIZE (lib/env). */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * MiB;

/**
 * nginx's client_max_body_size for a Coffer whose MAX_FILE_SIZE is `maxFileSize` bytes: its size in MiB, rounded
 * up, plus 1 MiB for the multipart form around the file (each file comes in its own POST to /api/files). So a
 * file that is too large reaches Coffer, which refuses it with its own message.
 */
export function clientMaxBodySize(maxFileSize) {
  if (!Number.isSafeInteger(maxFileSize) || maxFileSize <= 0)
    throw new Error(`MAX_FILE_SIZE must be a positive whole number of bytes, not ${maxFileSize}`);
  return `${Math.ceil(maxFileSize / MiB) + 1}m`;
}

/**
 * The template with `values` filled in: each value a string, or a list of strings for a line written once per
 * item. Throws on a placeholder without a value and on a value the template does not use.
 */
export function renderNginxConfig(values, template = fs.readFileSync(NGINX_TEMPLATE, "utf8")) {
  const used = new Set();
  const lines = template.split("\n").flatMap((line) => {
    const names = [...line.matchAll(/\{\{([A-Z_]+)\}\}/g)].map((match) => match[1]);
    if (names.length === 0) return [line];
    for (const name of names) {
      if (values[name] === undefined || (Array.isArray(values[name]) && values[name].length === 0))
        throw new Error(`the nginx template needs a value for {{${name}}}`);
      used.add(name);
    }
    const lists = [...new Set(names.filter((name) => Array.isArray(values[name])))];
    if (lists.length > 1) throw new Error(`one line of the nginx template has two lists: ${lists.join(", ")}`);
    const items = lists.length ? values[lists[0]] : [null];
    return items.map((item) =>
      line.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
        const value = Array.isArray(values[name]) ? item : values[name];
        if (/[;{}\n]/.test(String(value))) throw new Error(`{{${name}}} cannot be "${value}": nginx would read it as more than one value`);
        return String(value);
      }),
    );
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`the nginx template has no {{${unused.join("}}, {{")}}}`);
  return lines.join("\n");
}

/** The template's values for a deployment, with the defaults above. */
export function deploymentValues({
  serverName,
  nodes,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
  certificate,
  certificateKey,
  listenHttp,
  listenHttps,
  accessLog,
}) {
  if (!serverName) throw new Error("--server-name is required (the host name of APP_URL)");
  if (!nodes?.length) throw new Error("--node is required, once per node (HOST:PORT)");
  return {
    NODE: nodes,
    SERVER_NAME: serverName,
    HTTP_LISTEN: listenHttp?.length ? listenHttp : ["80", "[::]:80"],
    HTTPS_LISTEN: listenHttps?.length ? listenHttps : ["443", "[::]:443"],
    CERTIFICATE: certificate ?? `/etc/letsencrypt/live/${serverName}/fullchain.pem`,
    CERTIFICATE_KEY: certificateKey ?? `/etc/letsencrypt/live/${serverName}/privkey.pem`,
    ACCESS_LOG: accessLog ?? "/var/log/nginx/coffer.access.log",
    CLIENT_MAX_BODY_SIZE: clientMaxBodySize(maxFileSize),
  };
}

function parseArguments(argv) {
  const options = { nodes: [], listenHttp: [], listenHttps: [] };
  const lists = { "--node": "nodes", "--listen-http": "listenHttp", "--listen-https": "listenHttps" };
  const single = {
    "--server-name": "serverName",
    "--certificate": "certificate",
    "--certificate-key": "certificateKey",
    "--access-log": "accessLog",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!(flag in lists || flag in single || flag === "--max-file-size")) throw new Error(`unknown option ${flag}`);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag in lists) options[lists[flag]].push(value);
    else if (flag in single) options[single[flag]] = value;
    else options.maxFileSize = Number(value);
  }
  if (options.maxFileSize === undefined && process.env.MAX_FILE_SIZE) options.maxFileSize = Number(process.env.MAX_FILE_SIZE);
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(renderNginxConfig(deploymentValues(parseArguments(process.argv.slice(2)))));
  } catch (error) {
    console.error(`nginx-config: ${error.message}`);
    process.exit(1);
  }
}
