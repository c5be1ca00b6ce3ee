import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { findLinkForVisitor } from "@/lib/links/find-link-for-visitor";
import { findAvailableLink } from "@/lib/links/find-available-link";
import { isUnlocked, unlockCookieName } from "@/lib/links/unlock-cookie";
import { clientAddress } from "@/lib/client-address";
import { formatBytes } from "@/lib/files/format-bytes";
import { fileKind } from "@/lib/files/file-kind";
import { previewKind } from "@/lib/files/preview-kind";
import { readTextPreview } from "@/lib/files/text-preview";
import { linkShowsPreviews } from "@/lib/links/find-previewable-link";
import { FilePreview } from "@/components/files/file-preview";
import { cleanText } from "@/lib/short-text";
import { UnlockForm } from "@/components/links/unlock-form";
import { DownloadButton } from "./download-button";
import { unlockLinkAction } from "./actions";
import { LocalTime } from "@/components/ui/relative-time";

const PRIVATE = { robots: { index: false, follow: false }, referrer: "no-referrer" } satisfies Metadata;

/** The tab is titled with the file's name once the visitor may see it; a locked or unavailable link's page says nothing. */
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const { token } = await params;
  // Not findLinkForVisitor: the page counts this request's miss once.
  const link = await findAvailableLink(token);
  const open = link && (link.passwordHash === null || isUnlocked(link.id, (await cookies()).get(unlockCookieName(link.id))?.value));
  return { ...PRIVATE, title: open ? `${link.file.name} · Coffer` : "Shared file · Coffer" };
}

// A visit never counts as a download: only /s/[token]/download does, when it completes.
export default async function LinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // A miss counts toward the guessing limit; proxy.ts answers the address's next request with a 429 once it is spent.
  const link = await findLinkForVisitor({ token, address: clientAddress(await headers()) }).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const locked = link.passwordHash !== null && !isUnlocked(link.id, (await cookies()).get(unlockCookieName(link.id))?.value);
  // A link with a download limit previews only what its owner allowed (images and text; lib/links/find-previewable-link.ts).
  const preview = !locked && linkShowsPreviews(link) ? previewKind(link.file) : "none";
  const text = preview === "text" || preview === "markdown" ? await readTextPreview(link.file) : null;
  // Stored before the short-text rule, a label or message may still hold what it removes.
  const label = link.label && cleanText(link.label);
  const message = link.message && cleanText(link.message, { multiline: true });
  const left = link.maxDownloads === null ? null : Math.max(0, link.maxDownloads - link.claimedCount);
  return (
    <main
      className={`mx-auto flex min-h-screen w-full flex-col justify-center px-4 py-10 ${preview === "none" ? "max-w-md" : "max-w-3xl"}`}
    >
      <p className="mb-6 text-center text-2xl font-bold tracking-tight text-indigo-700">Coffer</p>
      <section className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {/* Behind a password, even the file's name and size wait for the right password. */}
        {locked ? (
          <>
            <h1 className="text-xl font-semibold">A file was shared with you</h1>
            <p className="text-sm text-slate-700">This file is protected by a password.</p>
            <UnlockForm token={token} unlock={unlockLinkAction} />
          </>
        ) : (
          <>
            {label ? (
              <p className="text-sm font-medium text-indigo-700" data-testid="link-label">
                {label}
              </p>
            ) : null}
            <h1 className="break-all text-xl font-semibold">{link.file.name}</h1>
            {message ? (
              <blockquote
                className="whitespace-pre-line break-words border-l-4 border-indigo-200 pl-3 text-sm text-slate-700"
                data-testid="link-message"
              >
                {message}
              </blockquote>
            ) : null}
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">Kind</dt>
              <dd>{fileKind(link.file).label}</dd>
              <dt className="text-slate-600">Size</dt>
              <dd>{formatBytes(link.file.size)}</dd>
              <dt className="text-slate-600">Expires</dt>
              <dd>{link.expiresAt ? <LocalTime date={link.expiresAt} /> : "Never"}</dd>
            </dl>
            {preview !== "none" ? (
              <FilePreview
                file={link.file}
                previewUrl={`/s/${token}/preview`}
                downloadUrl={`/s/${token}/download`}
                text={text}
                withDownload={false}
              />
            ) : null}
            <DownloadButton href={`/s/${token}/download`} left={left} />
          </>
        )}
      </section>
    </main>
  );
}
