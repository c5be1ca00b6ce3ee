import type { ReactNode } from "react";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/session";
import { noteRequestUser } from "@/lib/server-bridge";
import { SessionKeepAlive } from "@/components/session-keep-alive";
import { KeyboardShortcuts } from "@/components/keyboard-shortcuts";
import { SignOutButton } from "./sign-out-button";
import { AppHeader } from "./app-header";
import { signOutAction } from "./settings/actions";

// Every page in this folder is for signed-in users; proxy.ts sends anonymous visitors of these paths to
// /login (next.config.mjs lists this folder's routes for it), and requireUser() decides for real.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  noteRequestUser(await headers(), user.id);
  const links = [
    { href: "/dashboard", label: "Files" },
    { href: "/shared-with-me", label: "Shared with me" },
    { href: "/shared", label: "Shared by me" },
    { href: "/settings", label: "Settings" },
    ...(user.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <AppHeader links={links} username={user.username} signOut={<SignOutButton signOut={signOutAction.bind(null, {})} />} />
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
        {children}
      </main>
      <SessionKeepAlive />
      <KeyboardShortcuts />
    </div>
  );
}
