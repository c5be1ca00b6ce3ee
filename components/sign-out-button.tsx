"use client";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { signOutAction } from "@/app/(app)/settings/actions";

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button variant="secondary" disabled={pending} onClick={() => startTransition(async () => void (await signOutAction({})))}>
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
