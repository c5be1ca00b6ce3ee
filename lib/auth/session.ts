// The signed-in user, as pages, actions and route handlers see it. The jwt callback has already
// checked the token against the database (disabled accounts and old session versions get null).
import "server-only";
import { redirect } from "next/navigation";
import { auth } from "./config";

export type SessionUser = { id: string; username: string; role: string };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  return { id: session.user.id, username: session.user.username, role: session.user.role };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
