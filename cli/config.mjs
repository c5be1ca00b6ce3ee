// Where the CLI keeps the server's address and the token: $XDG_CONFIG_HOME/coffer/config.json (or
// ~/.config/coffer/config.json), the folder 0700 and the file 0600. COFFER_URL and COFFER_TOKEN override it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError, keepSecret } from "./errors.mjs";

export function configDir(env = process.env) {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), ".config");
  return path.join(base, "coffer");
}

export const configFile = (env = process.env) => path.join(configDir(env), "config.json");

/** The config folder, made (or tightened) to 0700. */
export function ensureConfigDir(env = process.env) {
  const dir = configDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

function readStored(env) {
  try {
    return JSON.parse(fs.readFileSync(configFile(env), "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") return {};
    throw new CliError("usage", `Cannot read ${configFile(env)} (${error.code ?? "not JSON"}): run coffer login again.`);
  }
}

/** The server's origin, without a trailing slash; refuses anything but http(s) with no path, query or credentials. */
export function normalizeUrl(value) {
  let url;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new CliError("usage", `Not a URL: ${value}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CliError("usage", "The server's URL must start with https:// or http://.");
  if (url.username || url.password || url.search || url.hash)
    throw new CliError("usage", "Give the server's URL alone (no credentials, query or fragment).");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** URL and token: the environment first, then the config file; a usage error when either is missing. */
export function loadCredentials(env = process.env) {
  const stored = readStored(env);
  const url = env.COFFER_URL || stored.url;
  const token = env.COFFER_TOKEN || stored.token;
  keepSecret(token);
  if (!url || !token) throw new CliError("usage", "Not signed in: run `coffer login` (or set COFFER_URL and COFFER_TOKEN).");
  return { url: normalizeUrl(url), token };
}

/** Writes the config file 0600 in a 0700 folder, replacing the old one in one rename. */
export function saveCredentials({ url, token }, env = process.env) {
  const dir = ensureConfigDir(env);
  const file = configFile(env);
  const temporary = path.join(dir, `.config.json.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, "w", 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, `${JSON.stringify({ url, token }, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  return file;
}
