"use client";
import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "./action-button";
import { Button } from "./button";
import { Dialog } from "./dialog";

/**
 * A button for an action that cannot be undone (revoking a share or a link): it asks first, in a dialog that Escape
 * and Cancel close and that opens with Cancel focused. The same rule as bulk revoke on "Shared by me".
 */
export function ConfirmActionButton({
  label,
  ariaLabel,
  title,
  children,
  confirmLabel,
  pendingLabel,
  run,
}: {
  label: string;
  ariaLabel?: string;
  title: string;
  /** What will stop working. */
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  run: () => Promise<ActionResult<unknown> | undefined>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" className="px-3 py-1.5" aria-label={ariaLabel} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title}>
        <div className="text-sm text-slate-700">{children}</div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} autoFocus>
            Cancel
          </Button>
          <ActionButton
            variant="danger"
            className="px-4 py-2"
            run={run}
            label={confirmLabel}
            pendingLabel={pendingLabel}
            onDone={() => {
              setOpen(false);
              router.refresh();
            }}
          />
        </div>
      </Dialog>
    </>
  );
}
