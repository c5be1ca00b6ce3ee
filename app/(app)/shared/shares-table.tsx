"use client";
import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ShareIdsInput } from "@/lib/shares/schemas";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { SelectAllBox, SelectBox, SelectionProvider } from "@/components/ui/selection";
import { sortableColumn } from "@/components/ui/sort-header";
import { Table } from "@/components/ui/table";
import { RevokeSelected } from "./revoke-selected";
import { LocalTime } from "@/components/ui/relative-time";

export type ShareRow = { id: string; fileId: string; fileName: string; username: string; createdAt: string };

export function SharesTable({
  shares,
  sorting,
  revokeShares,
}: {
  shares: ShareRow[];
  sorting: { sort: string; dir: "asc" | "desc"; hrefs: Record<string, string> };
  revokeShares: (input: ShareIdsInput) => Promise<ActionResult>;
}) {
  const sortBy = (sort: string, label: string) =>
    sortableColumn({ label, href: sorting.hrefs[sort], active: sorting.sort === sort, dir: sorting.dir });
  return (
    <SelectionProvider ids={shares.map((s) => s.id)}>
      <RevokeSelected
        what="share"
        names={Object.fromEntries(shares.map((s) => [s.id, `${s.fileName} with ${s.username}`]))}
        warning="These people will no longer see these files under Shared with me:"
        revoke={(shareIds) => revokeShares({ shareIds })}
      />
      <Table
        caption="Files I share with people"
        rows={shares}
        rowKey={(share) => share.id}
        rowProps={() => ({ "data-testid": "my-share-row" })}
        columns={[
          {
            label: "Select",
            hideLabel: true,
            card: "control",
            className: "w-10",
            header: <SelectAllBox label="Select all shares" />,
            cell: (share) => <SelectBox id={share.id} label={`Select ${share.fileName} shared with ${share.username}`} />,
          },
          {
            label: "File",
            card: "title",
            ...sortBy("file", "File"),
            cell: (share) => (
              <Link
                href={`/files/${share.fileId}`}
                className="block max-w-[16rem] truncate font-medium text-indigo-700 hover:underline"
                title={share.fileName}
              >
                {share.fileName}
              </Link>
            ),
          },
          { label: "Shared with", ...sortBy("person", "Shared with"), cell: (share) => share.username },
          {
            label: "Since",
            ...sortBy("date", "Since"),
            className: "whitespace-nowrap",
            cell: (share) => <LocalTime date={share.createdAt} dateOnly />,
          },
          {
            label: "Actions",
            hideLabel: true,
            card: "actions",
            cell: (share) => (
              <div className="flex justify-end max-sm:justify-start">
                <ConfirmActionButton
                  label="Revoke"
                  ariaLabel={`Stop sharing ${share.fileName} with ${share.username}`}
                  title={`Stop sharing with ${share.username}?`}
                  confirmLabel="Stop sharing"
                  pendingLabel="Revoking…"
                  run={() => revokeShares({ shareIds: [share.id] })}
                >
                  <span className="break-all">
                    {share.username} will no longer see {share.fileName} under Shared with me.
                  </span>
                </ConfirmActionButton>
              </div>
            ),
          },
        ]}
      />
    </SelectionProvider>
  );
}
