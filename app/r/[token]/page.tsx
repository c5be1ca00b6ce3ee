import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/client-address";
import { formatBytes } from "@/lib/files/format-bytes";
import { cleanText } from "@/lib/short-text";
import { findRequestForVisitor, ownerDisplayName } from "@/lib/requests/find-request-for-visitor";
import { isRequestUnlocked, requestUnlockCookieName } from "@/lib/requests/unlock-cookie";
import { acceptOf, describeTypes } from "@/lib/requests/limits";
import { LocalTime } from "@/components/ui/relative-time";
import { unlockRequestAction } from "./actions";
import { UnlockForm } from "@/components/links/unlock-form";
import { RequestUploadPanel } from "./request-upload-panel";

// Referrer-Policy and X-Robots-Tag come from next.config.mjs for every /r/ answer; the CSP from proxy.ts.
export const metadata: Metadata = { title: "Send files · Coffer", robots: { index: false, follow: false }, referrer: "no-referrer" };

const files = (n: number) => (n === 1 ? "1 file" : `${n.toLocaleString("en")} files`);

// A file request's page: who asks, what for, and an uploader. It shows nothing the request holds: no file, no name.
export default async function RequestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // A miss counts toward the guessing limit; proxy.ts answers the address's next request with a 429 once it is spent.
  const request = await findRequestForVisitor({ token, address: clientAddress(await headers()) }).catch((error: unknown) => {
    if (error instanceof AppError) notFound();
    throw error;
  });
  const locked =
    request.passwordHash !== null && !isRequestUnlocked(request.id, (await cookies()).get(requestUnlockCookieName(request.id))?.value);
  const owner = ownerDisplayName(request);
  const { MAX_FILE_SIZE, MAX_CONCURRENT_UPLOADS } = env();
  const largest = Math.min(MAX_FILE_SIZE, request.maxFileBytes === null ? MAX_FILE_SIZE : Number(request.maxFileBytes));
  const message = request.message && cleanText(request.message, { multiline: true });
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-xl flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-2xl font-bold tracking-tight text-indigo-700">Coffer</p>
      <section className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {locked ? (
          <>
            <h1 className="text-xl font-semibold">Someone asks you for files</h1>
            <p className="text-sm text-slate-700">This request is protected by a password.</p>
            <UnlockForm token={token} unlock={unlockRequestAction} />
          </>
        ) : (
          <>
            <p className="text-sm font-medium text-indigo-700">{owner} asks you for files</p>
            <h1 className="break-words text-xl font-semibold" data-testid="request-label">
              {cleanText(request.label)}
            </h1>
            {message ? (
              <blockquote
                className="whitespace-pre-line break-words border-l-4 border-indigo-200 pl-3 text-sm text-slate-700"
                data-testid="request-message"
              >
                {message}
              </blockquote>
            ) : null}
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" aria-label="What this request takes">
              <dt className="text-slate-600">Files</dt>
              <dd>
                up to {files(request.maxFiles)} ({files(request.filesLeft)} left)
              </dd>
              <dt className="text-slate-600">In all</dt>
              <dd>
                {formatBytes(request.maxTotalBytes)} ({formatBytes(request.bytesLeft)} left)
              </dd>
              <dt className="text-slate-600">Each file</dt>
              <dd>at most {formatBytes(Math.min(largest, Number(request.bytesLeft)))}</dd>
              {request.allowedTypes ? (
                <>
                  <dt className="text-slate-600">Types</dt>
                  <dd>only {describeTypes(request.allowedTypes)}</dd>
                </>
              ) : null}
              <dt className="text-slate-600">Open until</dt>
              <dd>
                <LocalTime date={request.expiresAt} />
              </dd>
            </dl>
            <RequestUploadPanel
              endpoint={`/api/requests/${token}/uploads`}
              maxFileSize={largest}
              maxConcurrent={MAX_CONCURRENT_UPLOADS}
              accept={acceptOf(request.allowedTypes)}
              ownerName={owner}
            />
          </>
        )}
      </section>
    </main>
  );
}
