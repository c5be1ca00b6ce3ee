import Link from "next/link";
import { formatBytes } from "@/lib/files/format-bytes";
import { formatDateTime } from "@/lib/format-date-time";
import type { FileRow } from "@/lib/files/list-files";
import type { ListFilesQuery } from "@/lib/files/schemas";
import { FileActions, type FileActionHandlers } from "@/components/files/file-actions";
import { Table, Td, Th, Tr } from "@/components/ui/table";

function sortHref(query: ListFilesQuery, sort: ListFilesQuery["sort"]) {
  const dir = query.sort === sort && query.dir === "asc" ? "desc" : "asc";
  const params = new URLSearchParams({ sort, dir, ...(query.q ? { q: query.q } : {}) });
  return `/dashboard?${params}`;
}

function SortHeader({ query, sort, label }: { query: ListFilesQuery; sort: ListFilesQuery["sort"]; label: string }) {
  const active = query.sort === sort;
  return (
    <Th aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link href={sortHref(query, sort)} className="hover:underline">
        {label}
        {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </Th>
  );
}

export function FileTable({ files, query, actions }: { files: FileRow[]; query: ListFilesQuery; actions: FileActionHandlers }) {
  return (
    <Table
      caption="My files"
      head={
        <>
          <SortHeader query={query} sort="name" label="Name" />
          <SortHeader query={query} sort="size" label="Size" />
          <Th className="hidden sm:table-cell">Type</Th>
          <SortHeader query={query} sort="date" label="Uploaded" />
          <Th className="text-right">
            <span className="sr-only">Actions</span>
          </Th>
        </>
      }
    >
      {files.map((file) => (
        <Tr key={file.id} data-testid="file-row">
          <Td className="max-w-[14rem] sm:max-w-xs">
            <Link href={`/files/${file.id}`} className="block truncate font-medium text-indigo-700 hover:underline" title={file.name}>
              {file.name}
            </Link>
          </Td>
          <Td className="whitespace-nowrap">{formatBytes(file.size)}</Td>
          <Td className="hidden max-w-[10rem] truncate text-slate-600 sm:table-cell">{file.mimeType}</Td>
          <Td className="whitespace-nowrap text-slate-600">
            <time dateTime={file.createdAt.toISOString()}>{formatDateTime(file.createdAt, { utcSuffix: false })}</time>
          </Td>
          <Td>
            <FileActions fileId={file.id} name={file.name} actions={actions} />
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
