// A link's token kept sealed with the master key (lib/crypto/sealed-values.ts lists the column), so that its
// owner can copy the link and show its QR code again, while a copy of the database alone still opens no link: the
// lookup stays by the token's SHA-256 (lib/links/token.ts). docs/decisions/056.
import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { openSecret, sealSecret } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";

const PURPOSE = SEALED_COLUMNS.linkToken.purpose;

export function sealLinkToken(token: string): { sealedToken: string; tokenKeyId: string } {
  const { sealed, keyId } = sealSecret(Buffer.from(token, "utf8"), PURPOSE);
  return { sealedToken: sealed, tokenKeyId: keyId };
}

/** The link's public URL (on APP_URL), or null when it has no sealed token or its key cannot open it. */
export function openLinkUrl(link: { id: string; sealedToken: string | null; tokenKeyId: string | null }): string | null {
  if (!link.sealedToken || !link.tokenKeyId) return null;
  try {
    return linkUrl(openSecret(link.sealedToken, link.tokenKeyId, PURPOSE).toString("utf8"));
  } catch (error) {
    // Start-up refuses a missing key, so this is a damaged value: say which link, never the value.
    logger.warn({ linkId: link.id, err: (error as Error).name }, "a link's sealed token could not be opened");
    return null;
  }
}

/** The URL a visitor opens: on the public origin (APP_URL), not whatever name a request came in by. */
export const linkUrl = (token: string) => `${env().APP_URL}/s/${token}`;
