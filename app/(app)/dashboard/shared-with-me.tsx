import type { ActionResult } from "@/lib/actions/action-result";
import { formatBytes } from "@/lib/files/format-bytes";
import { formatDate } from "@/lib/format-date-time";
import { ActionButton } from "@/components/ui/action-button";
import { DownloadLink } from "@/components/ui/link-button";
import { Table, Td, Th, Tr } from "@/components/ui/table";

type SharedFile = { shareId: string; fileId: string; name: string; size: number; ownerUsername: string; sharedAt: Date };

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
      head={
        <>
          <Th>Name</Th>
          <Th>Owner</Th>
          <Th>Size</Th>
          <Th className="hidden sm:table-cell">Shared</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </>
      }
    >
      {files.map((file) => (
        <Tr key={file.shareId} data-testid="shared-row">
          <Td className="max-w-[14rem] truncate font-medium" title={file.name}>
            {file.name}
          </Td>
          <Td>{file.ownerUsername}</Td>
          <Td className="whitespace-nowrap">{formatBytes(file.size)}</Td>
          <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{formatDate(file.sharedAt)}</Td>
          <Td>
            <div className="flex flex-wrap justify-end gap-1">
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
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
