import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listFiles, storageSummary } from "@/lib/files/list-files";
import { listFilesSchema } from "@/lib/files/schemas";
import { FileTable } from "@/components/files/file-table";
import { StorageMeter } from "@/components/files/storage-meter";
import { Uploader } from "@/components/files/uploader";
import { SharedWithMe } from "@/components/shares/shared-with-me";
import { listSharedWithMe } from "@/lib/shares/list-shares";

export const metadata: Metadata = { title: "My files · Coffer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const query = listFilesSchema.parse(await searchParams);
  const [{ files, nextCursor }, summary, shared] = await Promise.all([
    listFiles({ userId: user.id, query }),
    storageSummary(user.id),
    listSharedWithMe({ userId: user.id }),
  ]);
  const pageParams = (cursor: string) =>
    new URLSearchParams({ sort: query.sort, dir: query.dir, ...(query.q ? { q: query.q } : {}), cursor });

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="my-files-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h1 id="my-files-heading" className="text-2xl font-semibold">
            My files
          </h1>
          <StorageMeter used={summary.used} quota={env().USER_QUOTA} count={summary.count} />
        </div>
        <Uploader maxFileSize={env().MAX_FILE_SIZE} />
        {summary.count > 0 ? (
          <form role="search" action="/dashboard" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
            <div className="flex flex-col gap-1">
              <label htmlFor="file-search" className="text-sm font-medium">
                Search by name
              </label>
              <input
                id="file-search"
                name="q"
                type="search"
                defaultValue={query.q}
                className="rounded-md border border-slate-300 bg-white px-3 py-2"
              />
            </div>
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
              Search
            </button>
            {query.q ? (
              <Link href="/dashboard" className="px-2 py-2 text-sm text-indigo-700 underline">
                Clear
              </Link>
            ) : null}
          </form>
        ) : null}
        {files.length > 0 ? (
          <FileTable files={files} query={query} />
        ) : (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
            {query.q ? `No files match "${query.q}".` : "You have no files yet. Drop some above to upload them."}
          </div>
        )}
        <nav aria-label="Pages" className="flex gap-3">
          {query.cursor ? (
            <Link
              href={`/dashboard?${new URLSearchParams({ sort: query.sort, dir: query.dir, ...(query.q ? { q: query.q } : {}) })}`}
              className="text-sm text-indigo-700 underline"
            >
              First page
            </Link>
          ) : null}
          {nextCursor ? (
            <Link href={`/dashboard?${pageParams(nextCursor)}`} className="text-sm text-indigo-700 underline">
              Next page
            </Link>
          ) : null}
        </nav>
      </section>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading" className="mb-4 text-xl font-semibold">
          Shared with me
        </h2>
        <SharedWithMe files={shared} />
      </section>
    </div>
  );
}
