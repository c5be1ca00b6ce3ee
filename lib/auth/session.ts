// The signed-in user, as pages, actions and route handlers see it. The jwt callback has already
// checked the token against the database (disabled accounts and old session versions get null).
import "server-only";
import { cookies, headers } from "next/headers";
import { noteRequestUser, REQUEST_ID_HEADER } from "@/lib/http/request-registry";
import { redirect } from "next/navigation";
import { NextRequest } from "next/server";
import { handlers } from "./config";

export type SessionUser = { id: string; username: string; role: string };

export async function currentUser(): Promise<SessionUser | null> {
  // Not auth(): it reads the request's Cookie header, which is stale when an action in this same request
  // re-issued the session (password change). cookies() includes what the action set.
  const cookie = (await cookies()).toString();
  const response = await handlers.GET(new NextRequest("http://localhost/api/auth/session", { headers: { cookie } }));
  const session = response.ok ? ((await response.json()) as { user?: SessionUser } | null) : null;
  if (!session?.user?.id) return null;
  noteRequestUser((await headers()).get(REQUEST_ID_HEADER), session.user.id);
  return { id: session.user.id, username: session.user.username, role: session.user.role };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
