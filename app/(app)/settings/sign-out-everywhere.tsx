"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

export function SignOutEverywhere({ signOutEverywhere }: { signOutEverywhere: () => Promise<ActionResult | undefined> }) {
  return (
    <ActionButton variant="danger" className="px-4 py-2" run={signOutEverywhere} label="Sign out everywhere" pendingLabel="Signing out…" />
  );
}
