// A file request's token kept sealed with the master key (lib/crypto/sealed-values.ts lists the column), so that its
// owner can copy the request's link again while a copy of the database alone opens no request; the lookup is by the
// token's SHA-256, as for links (lib/links/token.ts, docs/decisions/056).
import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { openSecret, sealSecret } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";

const PURPOSE = SEALED_COLUMNS.requestToken.purpose;

export function sealRequestToken(token: string): { sealedToken: string; tokenKeyId: string } {
  const { sealed, keyId } = sealSecret(Buffer.from(token, "utf8"), PURPOSE);
  return { sealedToken: sealed, tokenKeyId: keyId };
}

/** The page a visitor opens: on the public origin (APP_URL). */
export const requestUrl = (token: string) => `${env().APP_URL}/r/${token}`;

/** The request's public URL, or null when its seal does not open (a damaged value: the log names the request, never the value). */
export function openRequestUrl(request: { id: string; sealedToken: string | null; tokenKeyId: string | null }): string | null {
  if (!request.sealedToken || !request.tokenKeyId) return null;
  try {
    return requestUrl(openSecret(request.sealedToken, request.tokenKeyId, PURPOSE).toString("utf8"));
  } catch (error) {
    logger.warn({ requestId: request.id, err: (error as Error).name }, "a file request's sealed token could not be opened");
    return null;
  }
}
