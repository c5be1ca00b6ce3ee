// The signed-in user, as pages, actions and route handlers see it. The jwt callback has already checked
// the token against the database (disabled accounts and old session versions get null). Cached per
// request, so a navigation decodes the session and queries the database once, not once per layout and page.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NextRequest } from "next/server";
import { handlers } from "./config";

/** `twoFactor`: the account has two-factor on; `secondFactor`: this session signed in with it. */
export type SessionUser = { id: string; username: string; role: string; sessionId: string; twoFactor: boolean; secondFactor: boolean };

async function readSession(): Promise<SessionUser | null> {
  // Not auth(): it reads the request's Cookie header, which is stale when an action in this same request
  // re-issued the session (password change). cookies() includes what the action set.
  const cookie = (await cookies()).toString();
  const response = await handlers.GET(new NextRequest("http://localhost/api/auth/session", { headers: { cookie } }));
  const session = response.ok ? ((await response.json()) as { user?: SessionUser } | null) : null;
  if (!session?.user?.id) return null;
  const { id, username, role, sessionId, twoFactor, secondFactor } = session.user;
  return { id, username, role, sessionId, twoFactor, secondFactor };
}

/** The signed-in user, or null; one lookup per request however many layouts and pages ask. */
export const currentUser = cache(readSession);

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
