"use client";
import { ActionButton } from "@/components/ui/action-button";
import { setRegistrationAction } from "@/app/(app)/admin/actions";

export function RegistrationSwitch({ open }: { open: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm">
        Public registration is <strong>{open ? "open" : "closed"}</strong>.
      </p>
      <ActionButton
        variant="secondary"
        run={() => setRegistrationAction({ open: !open })}
        label={open ? "Close registration" : "Open registration"}
        pendingLabel="Saving…"
      />
    </div>
  );
}
