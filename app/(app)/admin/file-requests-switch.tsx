"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

export function FileRequestsSwitch({
  enabled,
  setEnabled,
}: {
  enabled: boolean;
  setEnabled: (input: { enabled: boolean }) => Promise<ActionResult>;
}) {
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm">
          File requests are <strong>{enabled ? "on" : "off"}</strong>.
        </p>
        <ActionButton
          variant="secondary"
          run={() => setEnabled({ enabled: !enabled })}
          label={enabled ? "Turn file requests off" : "Turn file requests on"}
          pendingLabel="Saving…"
        />
      </div>
      <p className="max-w-prose text-sm text-slate-700">
        Users can make links through which anyone sends them files. Off, nobody can make one, and every request&apos;s page and upload
        answer &quot;not available&quot; until they are turned on again.
      </p>
    </div>
  );
}
