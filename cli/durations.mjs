// Command-line values for links: an expiry in days ("7d", "7", "never") and a positive download limit.
import { CliError } from "./errors.mjs";

/** Days until a link expires (null: never), from "7d", "2w", "7" or "never". */
export function parseExpiry(value) {
  const text = String(value).trim().toLowerCase();
  if (text === "never") return null;
  const match = /^(\d+)\s*(d|w)?$/.exec(text);
  if (!match || Number(match[1]) < 1)
    throw new CliError("usage", `--expires takes a number of days ("7d", "2w") or "never", not "${value}".`);
  return Number(match[1]) * (match[2] === "w" ? 7 : 1);
}

export function parseLimit(value) {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new CliError("usage", `--limit takes a positive whole number of downloads, not "${value}".`);
  return Number(text);
}

/** The body of POST /api/v1/files/{id}/links from the command's options. */
export function linkBody(options) {
  const body = {};
  if (options.expires !== undefined) body.expiresInDays = parseExpiry(options.expires);
  if (options.limit !== undefined) body.maxDownloads = parseLimit(options.limit);
  if (options.password !== undefined) body.password = options.password;
  if (options.label !== undefined) body.label = options.label;
  return body;
}
