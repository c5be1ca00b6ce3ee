"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useSelection } from "@/components/ui/selection";

/**
 * The bar above a table of "Shared by me" once rows are selected: revoke them all, after one confirmation
 * that names what will stop working.
 */
export function RevokeSelected({
  what,
  names,
  warning,
  revoke,
}: {
  /** "share" or "link", for the words. */
  what: "share" | "link";
  /** Each selectable row's id and how the dialog names it. */
  names: Record<string, string>;
  warning: string;
  revoke: (ids: string[]) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const { selected, setAll } = useSelection();
  const [confirming, setConfirming] = useState(false);
  const ids = [...selected];
  if (ids.length === 0 && !confirming) return null;
  const count = `${ids.length} ${ids.length === 1 ? what : `${what}s`}`;
  return (
    <div
      role="region"
      aria-label={`Selected ${what}s`}
      className="flex flex-wrap items-center gap-2 rounded-xl border border-indigo-200 bg-indigo-50 px-4 py-2"
    >
      <span className="mr-auto text-sm font-medium" aria-live="polite">
        {count} selected
      </span>
      <Button variant="secondary" className="px-3 py-1.5 text-red-700" onClick={() => setConfirming(true)}>
        Revoke…
      </Button>
      <Button variant="ghost" className="px-3 py-1.5" onClick={() => setAll(false)}>
        Clear selection
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Revoke ${count}?`}>
        <p className="text-sm text-slate-700">{warning}</p>
        <ul className="list-disc pl-5 text-sm text-slate-700">
          {ids.slice(0, 5).map((id) => (
            <li key={id} className="break-all">
              {names[id]}
            </li>
          ))}
          {ids.length > 5 ? <li>and {ids.length - 5} more</li> : null}
        </ul>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </Button>
          <ActionButton
            variant="danger"
            className="px-4 py-2"
            run={() => revoke(ids)}
            label={`Revoke ${count}`}
            pendingLabel="Revoking…"
            onDone={() => {
              setConfirming(false);
              setAll(false);
              router.refresh();
            }}
          />
        </div>
      </Dialog>
    </div>
  );
}
