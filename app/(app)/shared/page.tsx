import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listOwnerShares, OWNER_SHARE_SORTS } from "@/lib/shares/list-owner-shares";
import { LINK_STATUSES, listOwnerLinks, OWNER_LINK_SORTS } from "@/lib/links/list-file-links";
import { sharedByMeQuerySchema as querySchema, type SharedByMeQuery as Query } from "@/lib/shares/shared-by-me-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { Select } from "@/components/ui/select";
import { revokeLinksAction, revokeSharesAction } from "./actions";
import { SharesTable } from "./shares-table";
import { LinksTable } from "./links-table";
import { RequestsTable } from "./requests-table";
import { listOwnerRequests } from "@/lib/requests/list-owner-requests";
import { closeRequestAction, editRequestMessageAction, reopenRequestAction } from "./request-actions";

export const metadata: Metadata = { title: "Shared by me · Coffer" };

/** Where a sort header leads: that column, the other way round when it is already the one sorted by. */
function sortHrefs<S extends string>(
  query: Query,
  sorts: readonly S[],
  keys: { sort: "shareSort" | "linkSort"; dir: "shareDir" | "linkDir" },
) {
  return Object.fromEntries(
    sorts.map((sort) => {
      const params = new URLSearchParams(
        Object.entries({ ...query, [keys.sort]: sort, [keys.dir]: query[keys.sort] === sort && query[keys.dir] === "asc" ? "desc" : "asc" })
          .filter((entry): entry is [string, string] => Boolean(entry[1]))
          .map(([k, v]) => [k, String(v)]),
      );
      return [sort, `/shared?${params}`];
    }),
  );
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SharedByMePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const query = querySchema.parse(await searchParams);
  const [shares, links, requests] = await Promise.all([
    listOwnerShares({ ownerId: user.id, q: query.q || undefined, sort: query.shareSort, dir: query.shareDir }),
    listOwnerLinks({ ownerId: user.id, q: query.q || undefined, status: query.status, sort: query.linkSort, dir: query.linkDir }),
    listOwnerRequests({ ownerId: user.id }),
  ]);
  const filtered = Boolean(query.q || query.status);
  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">Shared by me</h1>
        <p className="text-sm text-slate-600">
          Everyone you share files with, every public link you made, and every file request, in one place.
        </p>
      </div>
      <form role="search" action="/shared" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="shareSort" value={query.shareSort} />
        <input type="hidden" name="shareDir" value={query.shareDir} />
        <input type="hidden" name="linkSort" value={query.linkSort} />
        <input type="hidden" name="linkDir" value={query.linkDir} />
        <Input
          id="shared-search"
          label="File, person or link"
          name="q"
          type="search"
          defaultValue={query.q}
          data-shortcut="search"
          aria-keyshortcuts="/"
        />
        <Select
          id="shared-status"
          label="Link status"
          name="status"
          defaultValue={query.status ?? ""}
          options={[
            { value: "", label: "Any status" },
            ...LINK_STATUSES.map((status) => ({ value: status, label: status[0].toUpperCase() + status.slice(1) })),
          ]}
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered ? (
          <LinkButton href="/shared" variant="text" className="px-2 py-2">
            Clear
          </LinkButton>
        ) : null}
      </form>
      <section aria-labelledby="my-shares-heading" className="flex flex-col gap-3">
        <h2 id="my-shares-heading" className="text-xl font-semibold">
          With people
        </h2>
        {shares.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {query.q
              ? `No shares match "${query.q}".`
              : "You do not share any file with anyone. Share a file from its page or from My files."}
          </p>
        ) : (
          <SharesTable
            shares={shares.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() }))}
            sorting={{
              sort: query.shareSort,
              dir: query.shareDir,
              hrefs: sortHrefs(query, OWNER_SHARE_SORTS, { sort: "shareSort", dir: "shareDir" }),
            }}
            revokeShares={revokeSharesAction}
          />
        )}
      </section>
      <section aria-labelledby="my-links-heading" className="flex flex-col gap-3">
        <h2 id="my-links-heading" className="text-xl font-semibold">
          Public links
        </h2>
        {links.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            {filtered ? "No links match these filters." : "You have not made any public link. Create one from a file's page."}
          </p>
        ) : (
          <LinksTable
            links={links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt?.toISOString() ?? null }))}
            sorting={{
              sort: query.linkSort,
              dir: query.linkDir,
              hrefs: sortHrefs(query, OWNER_LINK_SORTS, { sort: "linkSort", dir: "linkDir" }),
            }}
            revokeLinks={revokeLinksAction}
          />
        )}
      </section>
      <section aria-labelledby="my-requests-heading" className="flex flex-col gap-3">
        <h2 id="my-requests-heading" className="text-xl font-semibold">
          File requests
        </h2>
        {requests.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
            You have not asked anyone for files. Use &quot;Request files&quot; on My files to make a link others send files through.
          </p>
        ) : (
          <RequestsTable
            requests={requests.map((r) => ({ ...r, createdAt: undefined, expiresAt: r.expiresAt.toISOString() }))}
            actions={{ closeRequest: closeRequestAction, reopenRequest: reopenRequestAction, editMessage: editRequestMessageAction }}
          />
        )}
      </section>
    </div>
  );
}
