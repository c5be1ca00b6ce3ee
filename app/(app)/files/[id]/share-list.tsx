"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Table } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/relative-time";

type ShareItem = { id: string; username: string; createdAt: string };

export function ShareList({
  shares,
  revokeShare,
}: {
  shares: ShareItem[];
  revokeShare: (input: { shareId: string }) => Promise<ActionResult>;
}) {
  if (shares.length === 0) return <p className="text-sm text-slate-600">Not shared with anyone yet.</p>;
  return (
    <Table
      caption="People with access"
      rows={shares}
      rowKey={(share) => share.id}
      rowProps={() => ({ "data-testid": "share-row" })}
      columns={[
        { label: "Person", card: "title", cell: (share) => <strong>{share.username}</strong> },
        { label: "Since", className: "whitespace-nowrap text-slate-600", cell: (share) => <LocalTime date={share.createdAt} dateOnly /> },
        {
          label: "Actions",
          hideLabel: true,
          card: "actions",
          cell: (share) => (
            <div className="flex justify-end max-sm:justify-start">
              <ConfirmActionButton
                label="Revoke"
                ariaLabel={`Stop sharing with ${share.username}`}
                title={`Stop sharing with ${share.username}?`}
                confirmLabel="Stop sharing"
                pendingLabel="Revoking…"
                run={() => revokeShare({ shareId: share.id })}
              >
                {share.username} will no longer see this file under Shared with me.
              </ConfirmActionButton>
            </div>
          ),
        },
      ]}
    />
  );
}
