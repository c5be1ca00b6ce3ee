// One-time account links (email confirmation, password reset, a new account's "set your password" link, an
// invitation): 256 random bits, handed out once (in a mail, or to an admin), stored only as their SHA-256, used once by
// a conditional update that two requests cannot both win, and dead after their purpose's lifetime
// (lib/account-tokens/purposes.ts). An invitation belongs to no account: its userId is null (docs/decisions/060).
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { TOKEN_PURPOSES, type AccountPurpose, type TokenPurpose } from "./purposes";

type Writer = Prisma.TransactionClient;

/** 43 characters of base64url: what a link carries. Anything else is not looked up. */
export const ACCOUNT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

/** A new token for the account; with `replace`, the account's earlier unused ones of this purpose stop working. */
export async function issueAccountToken(
  tx: Writer,
  opts:
    | { userId: string; purpose: AccountPurpose; email?: string; createdById?: string | null; replace?: boolean; ttlSeconds?: number }
    | { userId: null; purpose: "invitation"; email?: undefined; createdById: string; replace?: false; ttlSeconds?: number },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (opts.replace && opts.userId) await endAccountTokens(tx, { userId: opts.userId, purpose: opts.purpose });
  // The tokens (the account's, or invitations) that ended more than a day ago are of no more use to anyone.
  await tx.accountToken.deleteMany({
    where: {
      userId: opts.userId,
      ...(opts.userId === null ? { purpose: opts.purpose } : {}),
      expiresAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) },
    },
  });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + (opts.ttlSeconds ?? TOKEN_PURPOSES[opts.purpose].ttlSeconds) * 1000);
  const { id } = await tx.accountToken.create({
    data: {
      userId: opts.userId,
      purpose: opts.purpose,
      tokenHash: digest(token),
      email: opts.email ?? null,
      createdById: opts.createdById ?? null,
      expiresAt,
    },
    select: { id: true },
  });
  return { id, token, expiresAt };
}

const usableWhere = (token: string, purpose: TokenPurpose, now: Date) => ({
  tokenHash: digest(token),
  purpose,
  usedAt: null,
  expiresAt: { gt: now },
});

/** The token's row while it can still be used (to show the page it opens); null otherwise. */
export async function findAccountToken(opts: { token: string; purpose: AccountPurpose }) {
  if (!ACCOUNT_TOKEN_PATTERN.test(opts.token)) return null;
  const found = await db.accountToken.findFirst({
    where: usableWhere(opts.token, opts.purpose, new Date()),
    select: { id: true, userId: true, email: true, createdById: true, expiresAt: true },
  });
  return found?.userId ? { ...found, userId: found.userId } : null;
}

/** An invitation's row while it can still be used; null otherwise. */
export async function findInvitationToken(token: string) {
  if (!ACCOUNT_TOKEN_PATTERN.test(token)) return null;
  return db.accountToken.findFirst({
    where: { ...usableWhere(token, "invitation", new Date()), userId: null },
    select: { id: true, createdById: true, expiresAt: true },
  });
}

/** Ends one unused token by its id (an admin revoking an invitation); false when it was already used or over. */
export async function revokeAccountToken(tx: Writer, opts: { id: string; purpose: TokenPurpose }): Promise<boolean> {
  const ended = await tx.accountToken.updateMany({
    where: { id: opts.id, purpose: opts.purpose, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return ended.count === 1;
}

/** Uses the token up, inside the transaction that does what it allows; false when it was no longer usable. */
export async function consumeAccountToken(tx: Writer, opts: { token: string; purpose: TokenPurpose }): Promise<boolean> {
  if (!ACCOUNT_TOKEN_PATTERN.test(opts.token)) return false;
  const used = await tx.accountToken.updateMany({ where: usableWhere(opts.token, opts.purpose, new Date()), data: { usedAt: new Date() } });
  return used.count === 1;
}

/** Ends every unused token of this purpose for the account (a reset ends the other reset links). */
export async function endAccountTokens(tx: Writer, opts: { userId: string; purpose: AccountPurpose }): Promise<void> {
  await tx.accountToken.updateMany({ where: { userId: opts.userId, purpose: opts.purpose, usedAt: null }, data: { usedAt: new Date() } });
}
