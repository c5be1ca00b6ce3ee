// Who a request acts for (docs/decisions/078): a browser's session (its cookie, as pages and actions see it) or a
// personal access token (`Authorization: Bearer coffer_pat_…`) with the scopes it was given. A request that brings
// an Authorization header is judged by it alone: a bad token is a 401 even when a session cookie came along.
import "server-only";
import { clientAddress } from "@/lib/client-address";
import { authenticateApiToken } from "@/lib/api-tokens/tokens";
import type { Scope } from "@/lib/api-tokens/scopes";
import { currentUser, type SessionUser } from "./session";

export type PrincipalUser = { id: string; username: string; role: string };

export type Principal =
  { kind: "session"; user: SessionUser } | { kind: "token"; user: PrincipalUser; tokenId: string; scopes: Set<Scope> };

/** The Authorization header's bearer credential; null without one; "" when the header is there but not a bearer. */
function bearerCredential(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match ? match[1] : "";
}

/** The request's principal; null when it has none, or when its token is not one that works (no detail either way). */
export async function authenticate(request: Request): Promise<Principal | null> {
  const credential = bearerCredential(request);
  if (credential === null) {
    const user = await currentUser();
    return user ? { kind: "session", user } : null;
  }
  const token = credential ? await authenticateApiToken(credential, clientAddress(request.headers)) : null;
  return token ? { kind: "token", user: token.user, tokenId: token.tokenId, scopes: token.scopes } : null;
}

/** Whether the principal may do what needs `scopes` (a browser's session may do everything its user may). */
export function allows(principal: Principal, scopes: readonly Scope[]): boolean {
  return principal.kind === "session" || scopes.every((scope) => principal.scopes.has(scope));
}
