// The request behind a visitor's token, for its page, its password and its upload routes alike. A token that finds
// no usable request (unknown, expired, closed, used up, its owner disabled, or requests turned off) is a miss: it
// counts toward the address's guessing limit shared with links (`linkMiss`; proxy.ts and the upload routes answer
// 429 once it is spent), and the caller answers the one 404.
import "server-only";
import { db } from "@/lib/db";
import { linkMiss } from "@/lib/links/find-link-for-visitor";
import { hashLinkToken, TOKEN_PATTERN } from "@/lib/links/token";
import { REQUEST_NOT_AVAILABLE } from "@/lib/files/request-reservations";
import { notFound } from "@/lib/errors";
import { acceptingRequestWhere, openRequestWhere } from "./access";
import { fileRequestsEnabled } from "./requests-enabled";

const visitorSelect = {
  id: true,
  ownerId: true,
  label: true,
  message: true,
  passwordHash: true,
  expiresAt: true,
  maxFiles: true,
  filesLeft: true,
  maxTotalBytes: true,
  bytesLeft: true,
  maxFileBytes: true,
  allowedTypes: true,
  owner: { select: { username: true, name: true } },
} as const;

/**
 * `accepting`: the page, and new uploads (a file and some bytes left). `open`: an upload under way going on, which
 * already holds its share of the limits, so a request used up meanwhile does not stop it; closing or expiry does.
 */
export async function findRequest(token: string, state: "accepting" | "open", now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  if (!(await fileRequestsEnabled())) return null;
  return db.fileRequest.findFirst({
    where: { AND: [{ tokenHash: hashLinkToken(token) }, state === "accepting" ? acceptingRequestWhere(now) : openRequestWhere(now)] },
    select: visitorSelect,
  });
}

export type VisitorRequest = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** The usable request, or (after counting the miss) the uniform 404, or 429 once the address's guesses are spent. */
export async function findRequestForVisitor(opts: {
  token: string;
  address: string;
  state?: "accepting" | "open";
}): Promise<VisitorRequest> {
  const request = await findRequest(opts.token, opts.state ?? "accepting");
  if (request) return request;
  const miss = await linkMiss(opts.address);
  throw miss.code === "not_found" ? notFound(REQUEST_NOT_AVAILABLE) : miss;
}

/** The name visitors see for the owner: the name they gave, else their username. */
export const ownerDisplayName = (request: VisitorRequest) => request.owner.name?.trim() || request.owner.username;

export type RequestUnavailable = "expired" | "closed" | "full";

/** Why a token finds no usable request, for the words of its 404 page (the status is the same for all). */
export async function requestUnavailableReason(token: string, now = new Date()): Promise<RequestUnavailable | null> {
  if (!TOKEN_PATTERN.test(token) || !(await fileRequestsEnabled())) return null;
  const request = await db.fileRequest.findFirst({
    where: { tokenHash: hashLinkToken(token), owner: { disabled: false } },
    select: { closedAt: true, expiresAt: true, filesLeft: true, bytesLeft: true },
  });
  if (!request) return null;
  if (request.closedAt) return "closed";
  if (request.expiresAt <= now) return "expired";
  if (request.filesLeft < 1 || request.bytesLeft <= 0n) return "full";
  return null;
}
