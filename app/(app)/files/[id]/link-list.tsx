"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatDateTime } from "@/lib/format-date-time";
import { ActionButton } from "@/components/ui/action-button";

type LinkItem = {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxDownloads: number | null;
  downloadCount: number;
  hasPassword: boolean;
  status: string;
};

export function LinkList({ links, revokeLink }: { links: LinkItem[]; revokeLink: (input: { linkId: string }) => Promise<ActionResult> }) {
  if (links.length === 0) return <p className="text-sm text-slate-600">No links yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Links">
      {links.map((link) => (
        <li key={link.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="link-row">
          <div className="flex flex-col text-sm">
            <span className="font-medium">
              {link.label ?? "Untitled link"}{" "}
              <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{link.status}</span>
            </span>
            <span className="text-slate-600">
              Created {formatDateTime(link.createdAt)} · {link.expiresAt ? `expires ${formatDateTime(link.expiresAt)}` : "never expires"} ·{" "}
              {link.maxDownloads === null ? `${link.downloadCount} downloads` : `${link.downloadCount} of ${link.maxDownloads} downloads`} ·{" "}
              {link.hasPassword ? "password" : "no password"}
            </span>
          </div>
          {link.status === "active" ? (
            <ActionButton
              run={() => revokeLink({ linkId: link.id })}
              label="Revoke"
              pendingLabel="Revoking…"
              ariaLabel={`Revoke link ${link.label ?? ""}`.trim()}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
