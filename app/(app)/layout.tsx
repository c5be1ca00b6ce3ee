import Link from "next/link";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/session";
import { noteRequestUser } from "@/lib/server-bridge";
import { SessionKeepAlive } from "@/components/session-keep-alive";
import { SignOutButton } from "./sign-out-button";
import { signOutAction } from "./settings/actions";

// Every page in this folder is for signed-in users; proxy.ts sends anonymous visitors of these paths to
// /login (next.config.mjs lists this folder's routes for it), and requireUser() decides for real.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  noteRequestUser(await headers(), user.id);
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/dashboard" className="text-lg font-bold text-indigo-700">
            Coffer
          </Link>
          <Link href="/dashboard" className="text-sm text-slate-700 hover:underline">
            Files
          </Link>
          <Link href="/settings" className="text-sm text-slate-700 hover:underline">
            Settings
          </Link>
          {user.role === "admin" ? (
            <Link href="/admin" className="text-sm text-slate-700 hover:underline">
              Admin
            </Link>
          ) : null}
          <span className="ml-auto text-sm text-slate-600" data-testid="signed-in-user">
            Signed in as <strong>{user.username}</strong>
          </span>
          <SignOutButton signOut={signOutAction.bind(null, {})} />
        </nav>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">{children}</main>
      <SessionKeepAlive />
    </div>
  );
}
