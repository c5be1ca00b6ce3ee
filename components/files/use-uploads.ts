"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { formatBytes } from "@/lib/files/format-bytes";
import { toastError } from "@/components/ui/toast-error";
import { tusTransport } from "./tus-transport";
import type { UploadTransport } from "./upload-transport";

export type UploadState = "queued" | "uploading" | "done" | "failed" | "cancelled";
export type Upload = {
  id: number;
  name: string;
  size: number;
  loaded: number;
  bytesPerSecond: number;
  state: UploadState;
  error?: string;
  /** Bytes the server already held when this page took the upload up (sent from an earlier page or try). */
  resumedFrom?: number;
  /** The File it became. */
  fileId?: string;
};

let nextId = 1;
let nextBatch = 1;

/** How one batch (the files chosen or dropped together) ended, for its one toast. */
export type BatchOutcome = { uploaded: string[]; failed: { name: string; reason: string }[]; cancelled: string[] };

/**
 * The one toast of a batch: a lone file is named (`Uploaded "a.txt".`), a batch is counted (`Uploaded 16 files.`,
 * `Uploaded 15 of 16 files; 1 was not uploaded (see the list).`). An error when anything failed, as it must be read.
 */
export function batchSummary(outcome: BatchOutcome): { kind: "success" | "error" | "info"; message: string } {
  const { uploaded, failed, cancelled } = outcome;
  const total = uploaded.length + failed.length + cancelled.length;
  if (total === 1) {
    if (uploaded.length) return { kind: "success", message: `Uploaded "${uploaded[0]}".` };
    if (failed.length) return { kind: "error", message: `"${failed[0].name}" was not uploaded: ${failed[0].reason}` };
    return { kind: "info", message: `Upload of "${cancelled[0]}" cancelled.` };
  }
  const files = (n: number) => (n === 1 ? "1 file" : `${n} files`);
  const cancelledPart = cancelled.length ? `${cancelled.length} cancelled` : "";
  if (failed.length === 0) {
    if (uploaded.length === 0) return { kind: "info", message: `${files(total)} cancelled.` };
    if (!cancelledPart) return { kind: "success", message: `Uploaded ${files(total)}.` };
    return { kind: "success", message: `Uploaded ${uploaded.length} of ${files(total)}; ${cancelledPart}.` };
  }
  const notUploaded = `${failed.length} ${failed.length === 1 ? "was" : "were"} not uploaded`;
  const rest = [notUploaded, cancelledPart].filter(Boolean).join(", ");
  const head = uploaded.length ? `Uploaded ${uploaded.length} of ${files(total)}` : `None of the ${files(total)} was uploaded`;
  return { kind: "error", message: `${head}; ${rest} (see the list).` };
}

/** The panel's summary line: "3 uploading, 12 uploaded, 1 not uploaded". */
export function uploadsSummary(uploads: Upload[]): string {
  const count = (...states: UploadState[]) => uploads.filter((u) => states.includes(u.state)).length;
  return [
    [count("uploading"), "uploading"],
    [count("queued"), "waiting"],
    [count("done"), "uploaded"],
    [count("failed"), "not uploaded"],
    [count("cancelled"), "cancelled"],
  ]
    .filter(([n]) => n)
    .map(([n, label]) => `${n} ${label}`)
    .join(", ");
}

const toastOf = { success: toast.success, info: toast.info, error: toastError } as const;

/**
 * The uploads of this page: start them, follow their progress and speed, cancel them; one toast per batch of files
 * chosen together, once all of them have ended. At most `maxConcurrent` travel at once (the server refuses more per
 * user); the others wait their turn.
 */
export function useUploads(opts: { maxFileSize: number; maxConcurrent?: number; onUploaded?: () => void; transport?: UploadTransport }) {
  const { maxFileSize, maxConcurrent = 4, onUploaded, transport = tusTransport } = opts;
  const [uploads, setUploads] = useState<Upload[]>([]);
  const running = useRef(new Map<number, { abort(): void }>());
  const waiting = useRef<{ id: number; file: File; batch: number }[]>([]);
  const batches = useRef(new Map<number, BatchOutcome & { left: number }>());

  const update = (id: number, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  /** Records how one file of a batch ended; the batch's toast comes with its last file. */
  const settle = (batch: number, name: string, end: { uploaded: true } | { failed: string } | { cancelled: true }) => {
    const outcome = batches.current.get(batch);
    if (!outcome) return;
    if ("uploaded" in end) outcome.uploaded.push(name);
    else if ("failed" in end) outcome.failed.push({ name, reason: end.failed });
    else outcome.cancelled.push(name);
    if (--outcome.left > 0) return;
    batches.current.delete(batch);
    const { kind, message } = batchSummary(outcome);
    toastOf[kind](message);
  };

  const start = useCallback(
    (id: number, file: File, batch: number) => {
      update(id, { state: "uploading" });
      // The speed counts the bytes this page sent, from where the server stood when it took the upload up.
      let since = { at: performance.now(), bytes: 0 };
      const finish = () => {
        running.current.delete(id);
        next();
      };
      running.current.set(
        id,
        transport(file, {
          resumed(offset) {
            since = { at: performance.now(), bytes: offset };
            update(id, { loaded: offset, resumedFrom: offset, bytesPerSecond: 0 });
          },
          progress(loaded) {
            const seconds = (performance.now() - since.at) / 1000;
            update(id, { loaded, bytesPerSecond: seconds > 0 ? Math.max(0, loaded - since.bytes) / seconds : 0 });
          },
          uploaded(fileId) {
            finish();
            update(id, { state: "done", loaded: file.size, ...(fileId ? { fileId } : {}) });
            settle(batch, file.name, { uploaded: true });
            onUploaded?.();
          },
          failed(message) {
            finish();
            update(id, { state: "failed", error: message });
            settle(batch, file.name, { failed: message });
          },
          lost() {
            finish();
            update(id, { state: "failed", error: "The connection was lost." });
            settle(batch, file.name, { failed: "the connection was lost." });
          },
          cancelled() {
            finish();
            update(id, { state: "cancelled" });
            settle(batch, file.name, { cancelled: true });
          },
        }),
      );
    },
    // `next` and `settle` are plain functions over refs: they never go stale.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [transport, onUploaded],
  );

  function next() {
    while (running.current.size < maxConcurrent && waiting.current.length > 0) {
      const { id, file, batch } = waiting.current.shift()!;
      start(id, file, batch);
    }
  }

  const addFiles = (files: Iterable<File>) => {
    const chosen = Array.from(files);
    if (chosen.length === 0) return;
    const batch = nextBatch++;
    batches.current.set(batch, { uploaded: [], failed: [], cancelled: [], left: chosen.length });
    const added: Upload[] = [];
    for (const file of chosen) {
      const id = nextId++;
      const row = { id, name: file.name, size: file.size, loaded: 0, bytesPerSecond: 0 };
      // The server refuses it too; saying so here spares sending it. It is listed, in red, with the reason.
      if (file.size > maxFileSize) {
        added.push({ ...row, state: "failed", error: `It is larger than the ${formatBytes(maxFileSize)} limit.` });
        settle(batch, file.name, { failed: `it is larger than the ${formatBytes(maxFileSize)} limit.` });
        continue;
      }
      added.push({ ...row, state: "queued" });
      waiting.current.push({ id, file, batch });
    }
    setUploads((all) => [...added.reverse(), ...all]);
    next();
  };

  const cancel = (id: number) => {
    const queued = waiting.current.findIndex((w) => w.id === id);
    if (queued < 0) return running.current.get(id)?.abort();
    const [{ file, batch }] = waiting.current.splice(queued, 1);
    update(id, { state: "cancelled" });
    settle(batch, file.name, { cancelled: true });
  };

  /** Takes the files that have ended off the list; the running and waiting ones stay. */
  const clearFinished = () => setUploads((all) => all.filter((u) => u.state === "uploading" || u.state === "queued"));

  useUploadTitle(uploads);

  return { uploads, addFiles, cancel, clearFinished };
}

/** "42% · Uploading 3 files" in front of the page title while uploads run, so the tab shows it; the title comes back after. */
export function uploadTitle(uploads: Upload[]): string | null {
  const active = uploads.filter((u) => u.state === "uploading" || u.state === "queued");
  if (active.length === 0) return null;
  const size = active.reduce((sum, u) => sum + u.size, 0);
  const loaded = active.reduce((sum, u) => sum + Math.min(u.loaded, u.size), 0);
  const percent = size ? Math.min(99, Math.floor((loaded / size) * 100)) : 0;
  return `${percent}% · Uploading ${active.length === 1 ? "1 file" : `${active.length} files`}`;
}

function useUploadTitle(uploads: Upload[]) {
  const original = useRef<string | null>(null);
  const progress = uploadTitle(uploads);
  useEffect(() => {
    if (progress === null) {
      if (original.current !== null) document.title = original.current;
      original.current = null;
      return;
    }
    original.current ??= document.title;
    document.title = `${progress} · ${original.current}`;
  }, [progress]);
}
