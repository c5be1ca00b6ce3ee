"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatDate } from "@/lib/format-date-time";
import { ActionButton } from "@/components/ui/action-button";

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
    <ul className="divide-y divide-slate-100" aria-label="People with access">
      {shares.map((share) => (
        <li key={share.id} className="flex items-center justify-between gap-2 py-2">
          <span>
            <strong>{share.username}</strong> <span className="text-sm text-slate-600">since {formatDate(share.createdAt)}</span>
          </span>
          <ActionButton
            run={() => revokeShare({ shareId: share.id })}
            label="Revoke"
            pendingLabel="Revoking…"
            ariaLabel={`Stop sharing with ${share.username}`}
          />
        </li>
      ))}
    </ul>
  );
}
