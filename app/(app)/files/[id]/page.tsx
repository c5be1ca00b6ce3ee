import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { formatBytes } from "@/lib/files/format-bytes";
import { fileKind } from "@/lib/files/file-kind";
import { previewKind } from "@/lib/files/preview-kind";
import { readTextPreview } from "@/lib/files/text-preview";
import { listFileShares } from "@/lib/shares/list-shares";
import { findReceivedShare } from "@/lib/shares/find-received-share";
import { listShareSuggestions } from "@/lib/shares/list-share-suggestions";
import { listFileLinks } from "@/lib/links/list-file-links";
import { FILE_ACTIVITY_KINDS, isFileActivityKind, listFileActivity } from "@/lib/activity/list-file-activity";
import { FileActions } from "@/components/files/file-actions";
import { FilePreview } from "@/components/files/file-preview";
import { KindIcon } from "@/components/files/kind-icon";
import { FilterLinks } from "@/components/ui/filter-links";
import { LocalTime, RelativeTime } from "@/components/ui/relative-time";
import { Table } from "@/components/ui/table";
import { deleteFileAction, renameFileAction } from "../actions";
import { createLinkAction, revokeLinkAction, revokeShareAction, shareFileAction } from "./actions";
import { ShareForm } from "./share-form";
import { ShareList } from "./share-list";
import { CreateLinkForm } from "./create-link-form";
import { LinkList } from "./link-list";
import { RecipientFileView } from "./recipient-file-view";
import Link from "next/link";
import { findFileArrival } from "@/lib/requests/find-file-arrival";

export const metadata: Metadata = { title: "File · Coffer" };

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The owner manages the file here; a recipient gets it read-only (recipient-file-view.tsx); anyone else, the same
// 404 as for a file that does not exist (lib/files/access.ts decides).
export default async function FilePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const user = await requireUser();
  const fileId = fileIdSchema.safeParse((await params).id);
  const file = fileId.success ? await findReadableFile({ fileId: fileId.data, userId: user.id }) : null;
  if (!file) notFound();
  const preview = previewKind(file);
  const wantsText = preview === "text" || preview === "markdown";
  if (file.ownerId !== user.id) {
    const [share, text] = await Promise.all([
      findReceivedShare({ fileId: file.id, recipientId: user.id }),
      wantsText ? readTextPreview(file) : null,
    ]);
    if (!share) notFound();
    return <RecipientFileView file={file} share={share} text={text} />;
  }
  const { activity: activityParam } = await searchParams;
  const activityKind = isFileActivityKind(activityParam) ? activityParam : undefined;
  const [shares, suggestions, links, activity, text, arrival] = await Promise.all([
    listFileShares({ fileId: file.id, ownerId: user.id }),
    listShareSuggestions({ ownerId: user.id, exceptFileId: file.id }),
    listFileLinks({ fileId: file.id, ownerId: user.id }),
    listFileActivity({ fileId: file.id, ownerId: user.id, fileName: file.name, kind: activityKind }),
    wantsText ? readTextPreview(file) : null,
    findFileArrival({ fileId: file.id, ownerId: user.id }),
  ]);
  const kind = fileKind(file);
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="flex min-w-0 items-center gap-2 break-all text-2xl font-semibold">
          <KindIcon kind={kind.kind} className="size-6" />
          {file.name}
        </h1>
        <FileActions
          fileId={file.id}
          name={file.name}
          afterDelete="/dashboard"
          actions={{ renameFile: renameFileAction, deleteFile: deleteFileAction }}
        />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:p-6">
        <dt className="font-medium text-slate-600">Size</dt>
        <dd>
          {formatBytes(file.size)} ({Number(file.size).toLocaleString("en")} bytes)
        </dd>
        <dt className="font-medium text-slate-600">Kind</dt>
        <dd>{kind.label}</dd>
        <dt className="font-medium text-slate-600">Type</dt>
        <dd className="break-all font-mono text-xs leading-5">{file.mimeType}</dd>
        <dt className="font-medium text-slate-600">Uploaded</dt>
        <dd>
          <LocalTime date={file.createdAt} />
        </dd>
        {arrival ? (
          <>
            <dt className="font-medium text-slate-600">Received</dt>
            <dd data-testid="file-received-through">
              through{" "}
              <Link href={`/dashboard?request=${arrival.requestId}`} className="text-indigo-700 hover:underline">
                {arrival.label}
              </Link>
              {arrival.senderName ? ` from ${arrival.senderName}` : " (the sender gave no name)"}
            </dd>
          </>
        ) : null}
        <dt className="font-medium text-slate-600">SHA-256</dt>
        <dd className="break-all font-mono text-xs">{file.sha256}</dd>
      </dl>
      <Panel id="preview-heading" title="Preview">
        <FilePreview file={file} previewUrl={`/api/files/${file.id}/preview`} downloadUrl={`/api/files/${file.id}/download`} text={text} />
      </Panel>
      <Panel id="sharing-heading" title="Shared with">
        <ShareForm fileId={file.id} suggestions={suggestions} shareFile={shareFileAction} />
        <ShareList shares={shares.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() }))} revokeShare={revokeShareAction} />
      </Panel>
      <Panel id="links-heading" title="Public links">
        <CreateLinkForm fileId={file.id} createLink={createLinkAction} />
        <LinkList
          links={links.map((l) => ({ ...l, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt?.toISOString() ?? null }))}
          revokeLink={revokeLinkAction}
        />
      </Panel>
      <Panel id="activity-heading" title="Activity">
        <FilterLinks
          label="Show activity of one kind"
          current={activityKind ?? "all"}
          options={[
            { value: "all", label: "All", href: `/files/${file.id}` },
            ...Object.entries(FILE_ACTIVITY_KINDS).map(([value, label]) => ({ value, label, href: `/files/${file.id}?activity=${value}` })),
          ]}
        />
        {activity.length === 0 ? (
          <p className="text-sm text-slate-600">
            {activityKind ? "Nothing of this kind has happened yet." : "Nothing has happened to this file yet."}
          </p>
        ) : (
          <Table
            caption="Activity, newest first"
            rows={activity}
            rowKey={(entry) => entry.id}
            rowProps={() => ({ "data-testid": "activity-row" })}
            columns={[
              { label: "What happened", card: "title", cell: (entry) => <span className="break-words">{entry.text}</span> },
              { label: "When", className: "whitespace-nowrap", cell: (entry) => <RelativeTime date={entry.at} now={now} /> },
            ]}
          />
        )}
      </Panel>
    </div>
  );
}
