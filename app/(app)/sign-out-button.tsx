"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

export function SignOutButton({ signOut }: { signOut: () => Promise<ActionResult | undefined> }) {
  return <ActionButton variant="secondary" className="px-4 py-2" run={signOut} label="Sign out" pendingLabel="Signing out…" />;
}
