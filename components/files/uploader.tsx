"use client";
import { useId, useState, type DragEvent } from "react";
import { useRouter } from "next/navigation";
import { formatBytes } from "@/lib/files/format-bytes";
import type { UploadTransport } from "./upload-transport";
import { uploadsSummary, useUploads, type Upload } from "./use-uploads";

/**
 * Drag-and-drop or pick files; each one travels as a resumable upload with progress, speed and cancel (choosing the
 * same file again after a reload continues it), listed in a panel that sums them up and can be folded away or
 * cleared of the finished ones.
 */
export function Uploader({
  maxFileSize,
  maxConcurrent,
  transport,
  accept,
  onUploaded,
}: {
  maxFileSize: number;
  /** How many uploads may travel at once (the server's MAX_CONCURRENT_UPLOADS); the rest wait. */
  maxConcurrent?: number;
  transport?: UploadTransport;
  /** What the file picker offers (`.pdf,.jpg`); the server decides either way. */
  accept?: string;
  /** After each file arrives; by default the page is refreshed (the dashboard lists it). */
  onUploaded?: () => void;
}) {
  const router = useRouter();
  const { uploads, addFiles, cancel, clearFinished } = useUploads({
    maxFileSize,
    maxConcurrent,
    transport,
    onUploaded: onUploaded ?? (() => router.refresh()),
  });
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <section aria-label="Upload files" className="flex flex-col gap-3">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        className={`flex flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed p-6 text-center transition-colors ${
          dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"
        }`}
      >
        <p className="text-slate-700">Drag files here, or</p>
        <label className="cursor-pointer rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600 hover:bg-indigo-700">
          Choose files
          <input
            type="file"
            multiple
            accept={accept}
            className="sr-only"
            onChange={(event) => {
              addFiles(Array.from(event.target.files ?? []));
              event.target.value = "";
            }}
          />
        </label>
      </div>
      {uploads.length > 0 ? <UploadPanel uploads={uploads} onCancel={cancel} onClearFinished={clearFinished} /> : null}
    </section>
  );
}

function UploadPanel({
  uploads,
  onCancel,
  onClearFinished,
}: {
  uploads: Upload[];
  onCancel: (id: number) => void;
  onClearFinished: () => void;
}) {
  const [open, setOpen] = useState(true);
  const listId = useId();
  const finished = uploads.some((u) => u.state !== "uploading" && u.state !== "queued");
  return (
    <div className="rounded-xl border border-slate-200 bg-white">
      <div className="flex flex-wrap items-center gap-2 px-3 py-2">
        <p className="min-w-0 flex-1 text-sm font-medium text-slate-800" data-testid="upload-summary" aria-live="polite">
          {uploadsSummary(uploads)}
        </p>
        {finished ? (
          <button type="button" className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100" onClick={onClearFinished}>
            Clear finished
          </button>
        ) : null}
        <button
          type="button"
          className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Hide list" : "Show list"}
        </button>
      </div>
      <ul
        id={listId}
        hidden={!open}
        className="flex max-h-96 flex-col gap-2 overflow-y-auto border-t border-slate-200 p-3"
        aria-label="Uploads"
      >
        {uploads.map((upload) => (
          <UploadRow key={upload.id} upload={upload} onCancel={() => onCancel(upload.id)} />
        ))}
      </ul>
    </div>
  );
}

function UploadRow({ upload, onCancel }: { upload: Upload; onCancel: () => void }) {
  const percent = upload.state === "done" ? 100 : upload.size ? Math.min(100, Math.floor((upload.loaded / upload.size) * 100)) : 0;
  return (
    <li
      className={`rounded-lg border p-3 ${upload.state === "failed" ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}
      data-file-id={upload.fileId}
    >
      <div className="flex items-center gap-3">
        <span className="min-w-0 flex-1 truncate font-medium" title={upload.name}>
          {upload.name}
        </span>
        <span className="text-sm text-slate-600" aria-live="polite">
          {upload.state === "queued" && "Waiting"}
          {upload.state === "uploading" && `${percent}% · ${formatBytes(upload.bytesPerSecond)}/s`}
          {upload.state === "done" && "Done"}
          {upload.state === "cancelled" && "Cancelled"}
          {upload.state === "failed" && <span className="font-medium text-red-800">Not uploaded</span>}
        </span>
        {upload.state === "uploading" || upload.state === "queued" ? (
          <button
            type="button"
            className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
            aria-label={`Cancel upload of ${upload.name}`}
            onClick={onCancel}
          >
            Cancel
          </button>
        ) : null}
      </div>
      {upload.state === "failed" ? null : (
        <progress
          className="mt-2 h-2 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600"
          max={100}
          value={percent}
          aria-label={`Progress of ${upload.name}`}
        />
      )}
      {upload.state === "uploading" && upload.resumedFrom ? (
        <p className="mt-1 text-sm text-slate-600">Continuing: {formatBytes(upload.resumedFrom)} had already arrived.</p>
      ) : null}
      {upload.error ? <p className="mt-1 text-sm text-red-800">{upload.error}</p> : null}
    </li>
  );
}
