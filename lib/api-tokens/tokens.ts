// Personal access tokens (docs/decisions/078): `coffer_pat_` and 43 characters of 256 random bits, so secret scanners
// recognise them; stored only as their SHA-256; shown once. Created, listed and revoked by their owner; every use
// checks the token (not revoked, not expired) and its account (not disabled) in one query. A password change,
// "sign out everywhere" and disabling the account revoke them all.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { truncateAddress } from "@/lib/client-address";
import { DEFAULT_TOKEN_LIFETIME_DAYS, isScope, type Scope } from "./scopes";

export const TOKEN_PREFIX = "coffer_pat_";
const TOKEN_PATTERN = /^coffer_pat_[A-Za-z0-9_-]{43}$/;
/** Tokens one account may hold (revoked ones do not count). */
const MAX_TOKENS = 50;
/** How often a token's "last used" is written, at most (a script polling every second does not write every second). */
const LAST_USED_PRECISION_MS = 60_000;

const digest = (token: string) => createHash("sha256").update(token).digest("hex");

export type TokenPrincipal = { tokenId: string; user: { id: string; username: string; role: string }; scopes: Set<Scope> };

export type ListedToken = {
  id: string;
  name: string;
  hint: string;
  scopes: Scope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedNetwork: string | null;
  revokedAt: Date | null;
  status: "active" | "expired" | "revoked";
};

const parseScopes = (stored: string) => stored.split(" ").filter(isScope);

export async function createApiToken(opts: {
  userId: string;
  name: string;
  scopes: Scope[];
  /** Days until it expires; null for never. */
  lifetimeDays: number | null;
  address: string;
  now?: Date;
}): Promise<{ token: string; id: string; expiresAt: Date | null }> {
  const now = opts.now ?? new Date();
  const scopes = [...new Set(opts.scopes)];
  if (scopes.length === 0)
    throw new AppError("invalid", "Choose at least one scope.", { fieldErrors: { scopes: ["Choose at least one scope."] } });
  const active = await db.apiToken.count({
    where: { userId: opts.userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  if (active >= MAX_TOKENS)
    throw new AppError("conflict", `You have ${MAX_TOKENS} tokens, the most an account may hold. Revoke one first.`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt =
    opts.lifetimeDays === null ? null : new Date(now.getTime() + (opts.lifetimeDays ?? DEFAULT_TOKEN_LIFETIME_DAYS) * 86_400_000);
  const created = await db.apiToken.create({
    data: {
      userId: opts.userId,
      name: opts.name,
      tokenHash: digest(token),
      hint: token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 4),
      scopes: scopes.join(" "),
      expiresAt,
    },
    select: { id: true },
  });
  await audit({
    kind: "token.created",
    userId: opts.userId,
    address: opts.address,
    peer: opts.name,
    detail: `${scopes.join(", ")}; ${expiresAt ? `expires ${expiresAt.toISOString().slice(0, 10)}` : "never expires"}`,
  });
  return { token, id: created.id, expiresAt };
}

export async function listApiTokens(userId: string, now = new Date()): Promise<ListedToken[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    hint: row.hint,
    scopes: parseScopes(row.scopes),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedNetwork: row.lastUsedNetwork,
    revokedAt: row.revokedAt,
    status: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
  }));
}

/** Revokes one of the user's tokens; another user's, or one that never was, is a 404. */
export async function revokeApiToken(opts: { userId: string; tokenId: string; address: string }): Promise<void> {
  const token = await db.apiToken.findFirst({ where: { id: opts.tokenId, userId: opts.userId }, select: { name: true } });
  if (!token) throw notFound("There is no such token.");
  const changed = await db.apiToken.updateMany({
    where: { id: opts.tokenId, userId: opts.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (changed.count === 1) await audit({ kind: "token.revoked", userId: opts.userId, address: opts.address, peer: token.name });
}

/**
 * Revokes every token of the account, in the caller's transaction when it has one (a password change, signing out
 * everywhere, disabling the account). Answers how many were still active.
 */
export async function revokeAllApiTokens(userId: string, tx: Prisma.TransactionClient = db): Promise<number> {
  const changed = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return changed.count;
}

/**
 * The principal a bearer token stands for, or null for a token that is malformed, unknown, revoked, expired, or
 * whose account is disabled (all alike: the caller answers 401 with no detail). Notes when and from which network it
 * was used; a use from a network it was not last used from goes to the audit trail.
 */
export async function authenticateApiToken(token: string, address: string, now = new Date()): Promise<TokenPrincipal | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db.apiToken.findFirst({
    where: { tokenHash: digest(token), revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }], user: { disabled: false } },
    select: {
      id: true,
      name: true,
      scopes: true,
      lastUsedAt: true,
      lastUsedNetwork: true,
      user: { select: { id: true, username: true, role: true } },
    },
  });
  if (!row) return null;
  const network = truncateAddress(address);
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS;
  if (stale || row.lastUsedNetwork !== network) {
    await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now, lastUsedNetwork: network } });
    if (row.lastUsedNetwork !== network) {
      await audit({ kind: "token.used_from_new_network", userId: row.user.id, address, peer: row.name, detail: `from ${network}` });
    }
  }
  return { tokenId: row.id, user: row.user, scopes: new Set(parseScopes(row.scopes)) };
}
