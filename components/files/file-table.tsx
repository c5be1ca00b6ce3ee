import Link from "next/link";
import { formatBytes } from "@/lib/files/format-bytes";
import type { FileRow } from "@/lib/files/list-files";
import type { ListFilesQuery } from "@/lib/files/schemas";
import { FileActions } from "./file-actions";

function sortHref(query: ListFilesQuery, sort: ListFilesQuery["sort"]) {
  const dir = query.sort === sort && query.dir === "asc" ? "desc" : "asc";
  const params = new URLSearchParams({ sort, dir, ...(query.q ? { q: query.q } : {}) });
  return `/dashboard?${params}`;
}

function SortHeader({ query, sort, label }: { query: ListFilesQuery; sort: ListFilesQuery["sort"]; label: string }) {
  const active = query.sort === sort;
  return (
    <th
      scope="col"
      className="px-3 py-2 text-left font-medium"
      aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}
    >
      <Link href={sortHref(query, sort)} className="hover:underline">
        {label}
        {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
      </Link>
    </th>
  );
}

export function FileTable({ files, query }: { files: FileRow[]; query: ListFilesQuery }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">My files</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <SortHeader query={query} sort="name" label="Name" />
            <SortHeader query={query} sort="size" label="Size" />
            <th scope="col" className="hidden px-3 py-2 text-left font-medium sm:table-cell">
              Type
            </th>
            <SortHeader query={query} sort="date" label="Uploaded" />
            <th scope="col" className="px-3 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.id} className="border-t border-slate-100" data-testid="file-row">
              <td className="max-w-[14rem] px-3 py-2 sm:max-w-xs">
                <Link href={`/files/${file.id}`} className="block truncate font-medium text-indigo-700 hover:underline" title={file.name}>
                  {file.name}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2">{formatBytes(file.size)}</td>
              <td className="hidden max-w-[10rem] truncate px-3 py-2 text-slate-600 sm:table-cell">{file.mimeType}</td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                <time dateTime={file.createdAt.toISOString()}>{file.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time>
              </td>
              <td className="px-3 py-2">
                <FileActions fileId={file.id} name={file.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
