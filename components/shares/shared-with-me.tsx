import { formatBytes } from "@/lib/files/format-bytes";
import { ActionButton } from "@/components/ui/action-button";
import { removeSharedFileAction } from "@/app/(app)/dashboard/actions";

type SharedFile = { shareId: string; fileId: string; name: string; size: number; ownerUsername: string; sharedAt: Date };

export function SharedWithMe({ files }: { files: SharedFile[] }) {
  if (files.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
        Nothing has been shared with you yet.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Files shared with me</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Owner
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Size
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Shared
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.shareId} className="border-t border-slate-100" data-testid="shared-row">
              <td className="max-w-[14rem] truncate px-3 py-2 font-medium" title={file.name}>
                {file.name}
              </td>
              <td className="px-3 py-2">{file.ownerUsername}</td>
              <td className="whitespace-nowrap px-3 py-2">{formatBytes(file.size)}</td>
              <td className="hidden whitespace-nowrap px-3 py-2 text-slate-600 sm:table-cell">
                {file.sharedAt.toISOString().slice(0, 10)}
              </td>
              <td className="px-3 py-2">
                <div className="flex flex-wrap justify-end gap-1">
                  <a
                    href={`/api/files/${file.fileId}/download`}
                    download
                    aria-label={`Download ${file.name}`}
                    className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
                  >
                    Download
                  </a>
                  <ActionButton
                    run={removeSharedFileAction.bind(null, { shareId: file.shareId })}
                    label="Remove from my list"
                    pendingLabel="Removing…"
                    ariaLabel={`Remove ${file.name} from my list`}
                  />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
