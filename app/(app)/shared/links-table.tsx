"use client";
import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-result";
import type { LinkIdsInput } from "@/lib/links/schemas";
import type { LinkStatus } from "@/lib/links/list-file-links";
import { LinkStatusBadge } from "@/components/link-status-badge";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { CopyLink, NotCopyable } from "@/components/links/copy-link";
import { SelectAllBox, SelectBox, SelectionProvider } from "@/components/ui/selection";
import { sortableColumn } from "@/components/ui/sort-header";
import { Table } from "@/components/ui/table";
import { linkTitle } from "@/lib/links/link-name";
import { RevokeSelected } from "./revoke-selected";
import { LocalTime } from "@/components/ui/relative-time";

export type LinkRow = {
  id: string;
  fileId: string;
  fileName: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxDownloads: number | null;
  downloadCount: number;
  hasPassword: boolean;
  status: LinkStatus;
  url: string | null;
  copyable: boolean;
};

const nameOf = (link: LinkRow) => linkTitle(link);

export function LinksTable({
  links,
  sorting,
  revokeLinks,
}: {
  links: LinkRow[];
  sorting: { sort: string; dir: "asc" | "desc"; hrefs: Record<string, string> };
  revokeLinks: (input: LinkIdsInput) => Promise<ActionResult>;
}) {
  const sortBy = (sort: string, label: string) =>
    sortableColumn({ label, href: sorting.hrefs[sort], active: sorting.sort === sort, dir: sorting.dir });
  // Only a link that still works can be revoked.
  const revocable = links.filter((link) => link.status !== "revoked");
  return (
    <SelectionProvider ids={revocable.map((l) => l.id)}>
      <RevokeSelected
        what="link"
        names={Object.fromEntries(links.map((l) => [l.id, `${nameOf(l)} to ${l.fileName}`]))}
        warning="Anyone holding these links will no longer reach the files:"
        revoke={(linkIds) => revokeLinks({ linkIds })}
      />
      <Table
        caption="My public links"
        rows={links}
        rowKey={(link) => link.id}
        rowProps={() => ({ "data-testid": "my-link-row" })}
        columns={[
          {
            label: "Select",
            hideLabel: true,
            card: "control",
            className: "w-10",
            header: <SelectAllBox label="Select all links that can be revoked" />,
            cell: (link) =>
              link.status === "revoked" ? null : <SelectBox id={link.id} label={`Select link ${nameOf(link)} to ${link.fileName}`} />,
          },
          { label: "Link", card: "title", ...sortBy("label", "Link"), cell: (link) => <span className="font-medium">{nameOf(link)}</span> },
          {
            label: "File",
            ...sortBy("file", "File"),
            cell: (link) => (
              <Link
                href={`/files/${link.fileId}`}
                className="block max-w-[14rem] truncate text-indigo-700 hover:underline"
                title={link.fileName}
              >
                {link.fileName}
              </Link>
            ),
          },
          { label: "Status", ...sortBy("status", "Status"), cell: (link) => <LinkStatusBadge status={link.status} /> },
          {
            label: "Downloads",
            ...sortBy("downloads", "Downloads"),
            className: "whitespace-nowrap",
            cell: (link) => (link.maxDownloads === null ? `${link.downloadCount}` : `${link.downloadCount} of ${link.maxDownloads}`),
          },
          {
            label: "Expires",
            ...sortBy("expires", "Expires"),
            className: "whitespace-nowrap",
            cell: (link) => (link.expiresAt ? <LocalTime date={link.expiresAt} /> : "Never"),
          },
          {
            label: "Actions",
            hideLabel: true,
            card: "actions",
            cell: (link) =>
              link.status === "revoked" ? null : (
                <div className="flex flex-wrap items-center justify-end gap-1 max-sm:justify-start">
                  {link.status === "active" ? link.url ? <CopyLink url={link.url} name={nameOf(link)} /> : <NotCopyable /> : null}
                  <ConfirmActionButton
                    label="Revoke"
                    ariaLabel={`Revoke link ${nameOf(link)} to ${link.fileName}`}
                    title={`Revoke link ${nameOf(link)}?`}
                    confirmLabel="Revoke link"
                    pendingLabel="Revoking…"
                    run={() => revokeLinks({ linkIds: [link.id] })}
                  >
                    <span className="break-all">Anyone holding this link will no longer reach {link.fileName}. This cannot be undone.</span>
                  </ConfirmActionButton>
                </div>
              ),
          },
        ]}
      />
    </SelectionProvider>
  );
}
