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

/** The path as logs may show it: a link's token is its secret, so /s/<token> becomes /s/[token]. */
export function logRoute(path: string): string {
  return path.replace(/^\/s\/[^/]+/, "/s/[token]");
}
