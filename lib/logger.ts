// Structured JSON logs. Secrets are redacted by path as a second line of defence:
// the first is never passing them to the logger at all.
import pino from "pino";
import { env } from "@/lib/env";

export const REDACT_PATHS = [
  "password",
  "*.password",
  "currentPassword",
  "newPassword",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "*.headers.cookie",
  "headers.authorization",
  "*.headers.authorization",
  "authorization",
  "*.authorization",
  "key",
  "*.key",
  "wrappedKey",
  "*.wrappedKey",
  "secret",
  "*.secret",
];

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { app: "coffer" },
  redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

// Link tokens are 32 characters of [A-Za-z0-9_-]; anything of that shape under a link route is masked.
const TOKEN_SHAPED = /^[A-Za-z0-9_-]{16,}$/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The path as logs may show it: a link's token is its secret, so /s/<token> becomes /s/[token]. The path is
 * first normalised the way a server or browser might read it (backslashes, repeated slashes, dot segments,
 * percent-encoding), so //s/<token>, /s//<token>, /s\<token> or /%73/<token> are masked too.
 */
export function logRoute(path: string): string {
  let segments = path.replace(/\\/g, "/").split("/").filter(Boolean).map(decodeSegment);
  // Decoding can reveal more separators ("%2F") and dot segments ("%2e%2e").
  segments = segments.flatMap((segment) => segment.replace(/\\/g, "/").split("/")).filter(Boolean);
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === ".") continue;
    if (segment === "..") resolved.pop();
    else resolved.push(segment);
  }
  // Unsubscribe links carry a signed token too.
  const unsubscribeAt =
    resolved[0]?.toLowerCase() === "unsubscribe" ? 1 : resolved[0] === "api" && resolved[1]?.toLowerCase() === "unsubscribe" ? 2 : 0;
  if (unsubscribeAt > 0 && resolved.length > unsubscribeAt) {
    return `/${[...resolved.slice(0, unsubscribeAt), "[token]"].map((s) => (s === "[token]" ? s : encodeURIComponent(s))).join("/")}`;
  }
  // Link pages (/s/), file request pages (/r/) and a request's upload routes (/api/requests/<token>/uploads/<id>).
  const first = resolved[0]?.toLowerCase();
  if (first === "s" || first === "r") {
    return `/${[first, ...resolved.slice(1).map((segment, i) => (i === 0 || TOKEN_SHAPED.test(segment) ? "[token]" : segment))].join("/")}`;
  }
  if (first === "api" && resolved[1]?.toLowerCase() === "requests" && resolved.length > 2) {
    const rest = resolved.slice(2).map((segment, i) => (i === 0 || TOKEN_SHAPED.test(segment) ? "[token]" : encodeURIComponent(segment)));
    return `/${["api", "requests", ...rest].join("/")}`;
  }
  return `/${resolved.map(encodeURIComponent).join("/")}`;
}
