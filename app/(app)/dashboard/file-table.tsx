import Link from "next/link";
import { formatBytes } from "@/lib/files/format-bytes";
import { fileKind } from "@/lib/files/file-kind";
import type { FileRow } from "@/lib/files/list-files";
import type { ListFilesQuery } from "@/lib/files/schemas";
import { FileActions, type FileActionHandlers } from "@/components/files/file-actions";
import { FileThumbnail } from "@/components/files/file-thumbnail";
import { KindIcon } from "@/components/files/kind-icon";
import { Table } from "@/components/ui/table";
import { sortableColumn } from "@/components/ui/sort-header";
import { SelectAllFilesBox, SelectFileBox } from "./file-selection";
import { LocalTime } from "@/components/ui/relative-time";

function sortHref(query: ListFilesQuery, sort: ListFilesQuery["sort"]) {
  const dir = query.sort === sort && query.dir === "asc" ? "desc" : "asc";
  const params = new URLSearchParams({
    sort,
    dir,
    ...(query.q ? { q: query.q } : {}),
    ...(query.request ? { request: query.request } : {}),
  });
  return `/dashboard?${params}`;
}

function sortable(query: ListFilesQuery, sort: ListFilesQuery["sort"], label: string) {
  return sortableColumn({ label, href: sortHref(query, sort), active: query.sort === sort, dir: query.dir });
}

export function FileTable({ files, query, actions }: { files: FileRow[]; query: ListFilesQuery; actions: FileActionHandlers }) {
  return (
    <Table
      caption="My files"
      rows={files}
      rowKey={(file) => file.id}
      rowProps={() => ({ "data-testid": "file-row" })}
      columns={[
        {
          label: "Select",
          hideLabel: true,
          card: "control",
          header: <SelectAllFilesBox />,
          className: "w-10",
          cell: (file) => <SelectFileBox id={file.id} name={file.name} />,
        },
        {
          label: "Name",
          card: "title",
          ...sortable(query, "name", "Name"),
          cell: (file) => (
            <div className="flex min-w-0 items-center gap-3">
              <FileThumbnail fileId={file.id} kind={fileKind(file).kind} mimeType={file.mimeType} />
              <div className="flex min-w-0 flex-col">
                <Link
                  href={`/files/${file.id}`}
                  className="block min-w-0 max-w-[14rem] truncate font-medium text-indigo-700 hover:underline sm:max-w-xs"
                  title={file.name}
                >
                  {file.name}
                </Link>
                {file.request ? (
                  <span className="max-w-[14rem] truncate text-xs text-slate-600 sm:max-w-xs" data-testid="received-through">
                    {`Received through ${file.request.label}${file.senderName ? ` from ${file.senderName}` : ""}`}
                  </span>
                ) : null}
              </div>
            </div>
          ),
        },
        {
          label: "Size",
          card: "meta",
          ...sortable(query, "size", "Size"),
          className: "whitespace-nowrap",
          cell: (file) => formatBytes(file.size),
        },
        {
          label: "Kind",
          card: "meta",
          // On a phone the kind's icon beside the name says it; the line keeps room for the buttons.
          className: "max-sm:hidden",
          cell: (file) => {
            const { kind, label } = fileKind(file);
            return (
              <span className="inline-flex items-center gap-1.5 whitespace-nowrap text-slate-700" data-testid="file-kind">
                <KindIcon kind={kind} className="size-4" />
                {label}
              </span>
            );
          },
        },
        {
          label: "Uploaded",
          card: "meta",
          ...sortable(query, "date", "Uploaded"),
          className: "whitespace-nowrap text-slate-600",
          cell: (file) => <LocalTime date={file.createdAt} />,
        },
        {
          label: "Actions",
          hideLabel: true,
          card: "end",
          cell: (file) => <FileActions fileId={file.id} name={file.name} actions={actions} layout="menu" />,
        },
      ]}
    />
  );
}
