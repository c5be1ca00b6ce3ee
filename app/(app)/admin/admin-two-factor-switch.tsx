"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

export function AdminTwoFactorSwitch({
  required,
  setRequired,
}: {
  required: boolean;
  setRequired: (input: { required: boolean }) => Promise<ActionResult>;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm">
        Two-factor sign-in is <strong>{required ? "required" : "optional"}</strong> for administrators.
        {required ? " An administrator without it cannot use this page until they turn it on." : ""}
      </p>
      <ActionButton
        variant="secondary"
        run={() => setRequired({ required: !required })}
        label={required ? "Make it optional" : "Require it"}
        pendingLabel="Saving…"
      />
    </div>
  );
}
