"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { CopyLink, NotCopyable } from "@/components/links/copy-link";
import { LinkStatusBadge } from "@/components/link-status-badge";
import { Table } from "@/components/ui/table";
import { linkTitle } from "@/lib/links/link-name";
import { LocalTime } from "@/components/ui/relative-time";

type LinkItem = {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxDownloads: number | null;
  downloadCount: number;
  hasPassword: boolean;
  status: "active" | "expired" | "revoked" | "used up";
  url: string | null;
  copyable: boolean;
};

export function LinkList({ links, revokeLink }: { links: LinkItem[]; revokeLink: (input: { linkId: string }) => Promise<ActionResult> }) {
  if (links.length === 0) return <p className="text-sm text-slate-600">No links yet.</p>;
  return (
    <Table
      caption="Links"
      rows={links}
      rowKey={(link) => link.id}
      rowProps={() => ({ "data-testid": "link-row" })}
      columns={[
        { label: "Link", card: "title", cell: (link) => <span className="font-medium">{linkTitle(link)}</span> },
        { label: "Status", cell: (link) => <LinkStatusBadge status={link.status} /> },
        {
          label: "Downloads",
          className: "whitespace-nowrap",
          cell: (link) =>
            link.maxDownloads === null ? `${link.downloadCount} downloads` : `${link.downloadCount} of ${link.maxDownloads} downloads`,
        },
        {
          label: "Expires",
          className: "whitespace-nowrap",
          cell: (link) => (link.expiresAt ? <LocalTime date={link.expiresAt} /> : "Never"),
        },
        { label: "Password", cell: (link) => (link.hasPassword ? "Yes" : "No") },
        { label: "Created", className: "whitespace-nowrap text-slate-600", cell: (link) => <LocalTime date={link.createdAt} /> },
        {
          label: "Actions",
          hideLabel: true,
          card: "actions",
          cell: (link) =>
            link.status === "active" ? (
              <div className="flex flex-wrap items-center justify-end gap-1 max-sm:justify-start">
                {link.url ? <CopyLink url={link.url} name={linkTitle(link)} /> : <NotCopyable />}
                <ConfirmActionButton
                  label="Revoke"
                  ariaLabel={`Revoke link ${linkTitle(link)}`}
                  title={`Revoke link ${linkTitle(link)}?`}
                  confirmLabel="Revoke link"
                  pendingLabel="Revoking…"
                  run={() => revokeLink({ linkId: link.id })}
                >
                  Anyone holding this link will no longer reach the file. This cannot be undone.
                </ConfirmActionButton>
              </div>
            ) : null,
        },
      ]}
    />
  );
}
