import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findManageableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { formatBytes } from "@/lib/files/format-bytes";
import { FileActions } from "@/components/files/file-actions";

export const metadata: Metadata = { title: "File · Coffer" };

export default async function FilePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const fileId = fileIdSchema.safeParse((await params).id);
  const file = fileId.success ? await findManageableFile({ fileId: fileId.data, userId: user.id }) : null;
  if (!file) notFound();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="min-w-0 break-all text-2xl font-semibold">{file.name}</h1>
        <FileActions fileId={file.id} name={file.name} afterDelete="/dashboard" />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-6 text-sm">
        <dt className="font-medium text-slate-600">Size</dt>
        <dd>{formatBytes(file.size)} ({Number(file.size).toLocaleString("en")} bytes)</dd>
        <dt className="font-medium text-slate-600">Type</dt>
        <dd>{file.mimeType}</dd>
        <dt className="font-medium text-slate-600">Uploaded</dt>
        <dd>{file.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</dd>
        <dt className="font-medium text-slate-600">SHA-256</dt>
        <dd className="break-all font-mono text-xs">{file.sha256}</dd>
      </dl>
    </div>
  );
}
