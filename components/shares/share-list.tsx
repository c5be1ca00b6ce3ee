"use client";
import { ActionButton } from "@/components/ui/action-button";
import { revokeShareAction } from "@/app/(app)/files/[id]/actions";

export function ShareList({ shares }: { shares: { id: string; username: string; createdAt: string }[] }) {
  if (shares.length === 0) return <p className="text-sm text-slate-600">Not shared with anyone yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="People with access">
      {shares.map((share) => (
        <li key={share.id} className="flex items-center justify-between gap-2 py-2">
          <span>
            <strong>{share.username}</strong> <span className="text-sm text-slate-600">since {share.createdAt.slice(0, 10)}</span>
          </span>
          <ActionButton
            run={() => revokeShareAction({ shareId: share.id })}
            label="Revoke"
            pendingLabel="Revoking…"
            ariaLabel={`Stop sharing with ${share.username}`}
          />
        </li>
      ))}
    </ul>
  );
}
