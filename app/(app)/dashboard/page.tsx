import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listFiles, storageSummary } from "@/lib/files/list-files";
import { listFilesSchema } from "@/lib/files/schemas";
import { listSharedWithMe } from "@/lib/shares/list-shares";
import { StorageMeter } from "@/components/files/storage-meter";
import { Uploader } from "@/components/files/uploader";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { deleteFileAction, renameFileAction } from "../files/actions";
import { deleteFilesAction, removeSharedFileAction, shareFilesAction } from "./actions";
import { FileTable } from "./file-table";
import { FileSelection } from "./file-selection";
import { SharedWithMe } from "./shared-with-me";
import { Select } from "@/components/ui/select";
import { fileRequestsEnabled } from "@/lib/requests/requests-enabled";
import { listRequestNames } from "@/lib/requests/list-owner-requests";
import { createRequestAction } from "../shared/request-actions";
import { RequestFilesDialog } from "./request-files-dialog";

export const metadata: Metadata = { title: "My files · Coffer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const query = listFilesSchema.parse(await searchParams);
  const [{ files, nextCursor, previousCursor }, summary, shared, requestsOn, requests] = await Promise.all([
    listFiles({ userId: user.id, query }),
    storageSummary(user.id),
    listSharedWithMe({ userId: user.id }),
    fileRequestsEnabled(),
    listRequestNames(user.id),
  ]);
  const listParams = {
    sort: query.sort,
    dir: query.dir,
    ...(query.q ? { q: query.q } : {}),
    ...(query.request ? { request: query.request } : {}),
  };
  const requestLabel = requests.find((r) => r.id === query.request)?.label;

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="my-files-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h1 id="my-files-heading" className="text-2xl font-semibold">
            My files
          </h1>
          <div className="flex flex-wrap items-end gap-4">
            {requestsOn ? <RequestFilesDialog createRequest={createRequestAction} /> : null}
            <StorageMeter used={summary.used} quota={env().USER_QUOTA} count={summary.count} />
          </div>
        </div>
        <Uploader maxFileSize={env().MAX_FILE_SIZE} maxConcurrent={env().MAX_CONCURRENT_UPLOADS} />
        {summary.count > 0 ? (
          <form role="search" action="/dashboard" className="flex flex-wrap items-start gap-2">
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
            <Input
              id="file-search"
              label="Search by name"
              name="q"
              type="search"
              defaultValue={query.q}
              hint="Press / to jump here."
              data-shortcut="search"
              aria-keyshortcuts="/"
            />
            {requests.length > 0 ? (
              <Select
                id="file-request-filter"
                label="Received through"
                name="request"
                defaultValue={query.request ?? ""}
                options={[{ value: "", label: "Any (all files)" }, ...requests.map((r) => ({ value: r.id, label: r.label }))]}
              />
            ) : null}
            <Button type="submit" variant="secondary" className="mt-6">
              Search
            </Button>
            {query.q || query.request ? (
              <LinkButton href="/dashboard" variant="text" className="mt-6 px-2 py-2">
                Clear
              </LinkButton>
            ) : null}
          </form>
        ) : null}
        {files.length > 0 ? (
          <FileSelection
            files={files.map((f) => ({ id: f.id, name: f.name }))}
            actions={{ deleteFiles: deleteFilesAction, shareFiles: shareFilesAction }}
          >
            <FileTable files={files} query={query} actions={{ renameFile: renameFileAction, deleteFile: deleteFileAction }} />
          </FileSelection>
        ) : (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
            {query.q
              ? `No files match "${query.q}".`
              : query.request
                ? `Nothing has arrived through ${requestLabel ? `"${requestLabel}"` : "this request"} yet.`
                : "You have no files yet. Drop some above to upload them."}
          </div>
        )}
        {previousCursor || nextCursor ? (
          <nav aria-label="Pages" className="flex flex-wrap gap-3">
            {previousCursor ? (
              <>
                <LinkButton href={`/dashboard?${new URLSearchParams(listParams)}`} variant="text">
                  First page
                </LinkButton>
                <LinkButton href={`/dashboard?${new URLSearchParams({ ...listParams, cursor: previousCursor })}`} variant="text">
                  Previous page
                </LinkButton>
              </>
            ) : null}
            {nextCursor ? (
              <LinkButton href={`/dashboard?${new URLSearchParams({ ...listParams, cursor: nextCursor })}`} variant="text">
                Next page
              </LinkButton>
            ) : null}
          </nav>
        ) : null}
      </section>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading" className="mb-4 text-xl font-semibold">
          Shared with me
        </h2>
        <SharedWithMe files={shared} removeSharedFile={removeSharedFileAction} />
      </section>
    </div>
  );
}
