import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatBytes } from "@/lib/files/format-bytes";
import { fileKind } from "@/lib/files/file-kind";
import { FileThumbnail } from "@/components/files/file-thumbnail";
import { ActionButton } from "@/components/ui/action-button";
import { DownloadLink } from "@/components/ui/link-button";
import { Table } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/relative-time";

type SharedFile = { shareId: string; fileId: string; name: string; size: number; mimeType: string; ownerUsername: string; sharedAt: Date };

export function SharedWithMe({
  files,
  removeSharedFile,
}: {
  files: SharedFile[];
  removeSharedFile: (input: { shareId: string }) => Promise<ActionResult>;
}) {
  if (files.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
        Nothing has been shared with you yet.
      </div>
    );
  }
  return (
    <Table
      caption="Files shared with me"
      rows={files}
      rowKey={(file) => file.shareId}
      rowProps={() => ({ "data-testid": "shared-row" })}
      columns={[
        {
          label: "Name",
          card: "title",
          cell: (file) => (
            <div className="flex min-w-0 items-center gap-3">
              <FileThumbnail fileId={file.fileId} kind={fileKind(file).kind} />
              <Link
                href={`/files/${file.fileId}`}
                className="block min-w-0 max-w-[14rem] truncate font-medium text-indigo-700 hover:underline sm:max-w-xs"
                title={file.name}
              >
                {file.name}
              </Link>
            </div>
          ),
        },
        { label: "Owner", cell: (file) => file.ownerUsername },
        { label: "Kind", cell: (file) => fileKind(file).label },
        { label: "Size", className: "whitespace-nowrap", cell: (file) => formatBytes(file.size) },
        { label: "Shared", className: "whitespace-nowrap text-slate-600", cell: (file) => <LocalTime date={file.sharedAt} dateOnly /> },
        {
          label: "Actions",
          hideLabel: true,
          card: "actions",
          cell: (file) => (
            <div className="flex flex-wrap justify-end gap-1 max-sm:justify-start">
              <DownloadLink href={`/api/files/${file.fileId}/download`} aria-label={`Download ${file.name}`}>
                Download
              </DownloadLink>
              <ActionButton
                run={removeSharedFile.bind(null, { shareId: file.shareId })}
                label="Remove from my list"
                pendingLabel="Removing…"
                ariaLabel={`Remove ${file.name} from my list`}
              />
            </div>
          ),
        },
      ]}
    />
  );
}
