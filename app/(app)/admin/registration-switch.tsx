"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

export function RegistrationSwitch({
  open,
  setRegistration,
}: {
  open: boolean;
  setRegistration: (input: { open: boolean }) => Promise<ActionResult>;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm">
        Public registration is <strong>{open ? "open" : "closed"}</strong>.
      </p>
      <ActionButton
        variant="secondary"
        run={() => setRegistration({ open: !open })}
        label={open ? "Close registration" : "Open registration"}
        pendingLabel="Saving…"
      />
    </div>
  );
}
