import { formatBytes } from "@/lib/files/format-bytes";
import { fileKind } from "@/lib/files/file-kind";
import type { TextPreview } from "@/lib/files/text-preview";
import { FilePreview } from "@/components/files/file-preview";
import { KindIcon } from "@/components/files/kind-icon";
import { DownloadLink, LinkButton } from "@/components/ui/link-button";
import { LocalTime } from "@/components/ui/relative-time";

type SharedFile = { id: string; name: string; size: bigint | number; mimeType: string };

/**
 * A file's page as its recipient sees it: read-only. The preview, its size and type, who shared it and when, and a
 * download (counted in the owner's activity like any recipient's download); no rename, delete, share or link controls,
 * and nothing about the owner's other recipients, links or activity.
 */
export function RecipientFileView({
  file,
  share,
  text,
}: {
  file: SharedFile;
  share: { ownerUsername: string; sharedAt: Date };
  text: TextPreview | null;
}) {
  const kind = fileKind(file);
  const downloadUrl = `/api/files/${file.id}/download`;
  return (
    <div className="flex flex-col gap-6">
      <LinkButton href="/shared-with-me" variant="text" className="self-start">
        ← Shared with me
      </LinkButton>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="flex min-w-0 items-center gap-2 break-all text-2xl font-semibold">
          <KindIcon kind={kind.kind} className="size-6" />
          {file.name}
        </h1>
        <DownloadLink href={downloadUrl} variant="primary" aria-label={`Download ${file.name}`}>
          Download
        </DownloadLink>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:p-6">
        <dt className="font-medium text-slate-600">Shared by</dt>
        <dd data-testid="shared-by">{share.ownerUsername}</dd>
        <dt className="font-medium text-slate-600">Shared on</dt>
        <dd>
          <LocalTime date={share.sharedAt} />
        </dd>
        <dt className="font-medium text-slate-600">Size</dt>
        <dd>
          {formatBytes(file.size)} ({Number(file.size).toLocaleString("en")} bytes)
        </dd>
        <dt className="font-medium text-slate-600">Kind</dt>
        <dd>{kind.label}</dd>
        <dt className="font-medium text-slate-600">Type</dt>
        <dd className="break-all font-mono text-xs leading-5">{file.mimeType}</dd>
      </dl>
      <section aria-labelledby="preview-heading" className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="preview-heading" className="text-lg font-semibold">
          Preview
        </h2>
        <FilePreview file={file} previewUrl={`/api/files/${file.id}/preview`} downloadUrl={downloadUrl} text={text} />
      </section>
    </div>
  );
}
