// Link tokens: 32 characters from a 64-symbol alphabet (192 bits from the CSPRNG). Only their
// SHA-256 is stored, so a copy of the database does not hold working links.
import { createHash } from "node:crypto";
import { nanoid } from "nanoid";

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newLinkToken(): string {
  return nanoid(32);
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
