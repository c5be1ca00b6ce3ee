import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findManageableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { formatBytes } from "@/lib/files/format-bytes";
import { listFileShares } from "@/lib/shares/list-shares";
import { listFileLinks } from "@/lib/links/list-file-links";
import { listFileActivity } from "@/lib/activity/list-file-activity";
import { formatDateTime } from "@/lib/format-date-time";
import { FileActions } from "@/components/files/file-actions";
import { deleteFileAction, renameFileAction } from "../actions";
import { createLinkAction, revokeLinkAction, revokeShareAction, shareFileAction } from "./actions";
import { ShareForm } from "./share-form";
import { ShareList } from "./share-list";
import { CreateLinkForm } from "./create-link-form";
import { LinkList } from "./link-list";

export const metadata: Metadata = { title: "File · Coffer" };

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

// Only the owner reaches this page: recipients download from "Shared with me".
export default async function FilePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const fileId = fileIdSchema.safeParse((await params).id);
  const file = fileId.success ? await findManageableFile({ fileId: fileId.data, userId: user.id }) : null;
  if (!file) notFound();
  const [shares, links, activity] = await Promise.all([
    listFileShares({ fileId: file.id, ownerId: user.id }),
    listFileLinks({ fileId: file.id, ownerId: user.id }),
    listFileActivity({ fileId: file.id, ownerId: user.id }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="min-w-0 break-all text-2xl font-semibold">{file.name}</h1>
        <FileActions
          fileId={file.id}
          name={file.name}
          afterDelete="/dashboard"
          actions={{ renameFile: renameFileAction, deleteFile: deleteFileAction }}
        />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-6 text-sm">
        <dt className="font-medium text-slate-600">Size</dt>
        <dd>
          {formatBytes(file.size)} ({Number(file.size).toLocaleString("en")} bytes)
        </dd>
        <dt className="font-medium text-slate-600">Type</dt>
        <dd>{file.mimeType}</dd>
        <dt className="font-medium text-slate-600">Uploaded</dt>
        <dd>{formatDateTime(file.createdAt)}</dd>
        <dt className="font-medium text-slate-600">SHA-256</dt>
        <dd className="break-all font-mono text-xs">{file.sha256}</dd>
      </dl>
      <Panel id="sharing-heading" title="Shared with">
        <ShareForm fileId={file.id} shareFile={shareFileAction} />
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
        {activity.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing has happened to this file yet.</p>
        ) : (
          <ol className="flex flex-col gap-2 text-sm" aria-label="Activity, newest first">
            {activity.map((entry) => (
              <li key={entry.id} className="flex flex-wrap justify-between gap-2">
                <span>{entry.text}</span>
                <span className="text-slate-500">
                  {formatDateTime(entry.at)}
                  {entry.address ? ` · ${entry.address}` : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </div>
  );
}
