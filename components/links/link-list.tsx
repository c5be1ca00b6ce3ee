"use client";
import { ActionButton } from "@/components/ui/action-button";
import { revokeLinkAction } from "@/app/(app)/files/[id]/actions";

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

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function LinkList({ links }: { links: LinkItem[] }) {
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
              Created {when(link.createdAt)} · {link.expiresAt ? `expires ${when(link.expiresAt)}` : "never expires"} ·{" "}
              {link.maxDownloads === null ? `${link.downloadCount} downloads` : `${link.downloadCount} of ${link.maxDownloads} downloads`} ·{" "}
              {link.hasPassword ? "password" : "no password"}
            </span>
          </div>
          {link.status === "active" ? (
            <ActionButton
              run={() => revokeLinkAction({ linkId: link.id })}
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
