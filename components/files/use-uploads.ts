"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { formatBytes } from "@/lib/files/format-bytes";

export type UploadState = "queued" | "uploading" | "done" | "failed" | "cancelled";
export type Upload = { id: number; name: string; size: number; loaded: number; bytesPerSecond: number; state: UploadState; error?: string };

/** What happens to one file on the wire; the events arrive in order, ending with exactly one of the last three. */
export type UploadEvents = {
  progress(loaded: number): void;
  answered(status: number, body: string): void;
  lost(): void;
  cancelled(): void;
};
export type UploadTransport = (file: File, events: UploadEvents) => { abort(): void };

/** Each file in its own POST to /api/files, with upload progress from XMLHttpRequest (fetch has none). */
export const xhrTransport: UploadTransport = (file, events) => {
  const body = new FormData();
  body.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.upload.onprogress = (event) => events.progress(event.loaded);
  xhr.onload = () => events.answered(xhr.status, xhr.responseText);
  xhr.onerror = () => events.lost();
  xhr.onabort = () => events.cancelled();
  xhr.open("POST", "/api/files");
  xhr.send(body);
  return { abort: () => xhr.abort() };
};

function errorMessage(body: string): string {
  try {
    return (JSON.parse(body) as { error?: string }).error ?? "The upload failed.";
  } catch {
    return "The upload failed.";
  }
}

let nextId = 1;

/**
 * The uploads of this page: start them, follow their progress and speed, cancel them; a toast for every outcome.
 * At most `maxConcurrent` travel at once (the server refuses more per user); the others wait their turn.
 */
export function useUploads(opts: { maxFileSize: number; maxConcurrent?: number; onUploaded?: () => void; transport?: UploadTransport }) {
  const { maxFileSize, maxConcurrent = 4, onUploaded, transport = xhrTransport } = opts;
  const [uploads, setUploads] = useState<Upload[]>([]);
  const running = useRef(new Map<number, { abort(): void }>());
  const waiting = useRef<{ id: number; file: File }[]>([]);

  const update = (id: number, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  const start = useCallback(
    (id: number, file: File) => {
      update(id, { state: "uploading" });
      const started = performance.now();
      const finish = () => {
        running.current.delete(id);
        next();
      };
      running.current.set(
        id,
        transport(file, {
          progress(loaded) {
            const seconds = (performance.now() - started) / 1000;
            update(id, { loaded, bytesPerSecond: seconds > 0 ? loaded / seconds : 0 });
          },
          answered(status, body) {
            finish();
            if (status === 201) {
              update(id, { state: "done", loaded: file.size });
              toast.success(`Uploaded "${file.name}".`);
              onUploaded?.();
            } else {
              const message = errorMessage(body);
              update(id, { state: "failed", error: message });
              toast.error(`"${file.name}" was not uploaded: ${message}`);
            }
          },
          lost() {
            finish();
            update(id, { state: "failed", error: "The connection was lost." });
            toast.error(`"${file.name}" was not uploaded: the connection was lost.`);
          },
          cancelled() {
            finish();
            update(id, { state: "cancelled" });
            toast.info(`Upload of "${file.name}" cancelled.`);
          },
        }),
      );
    },
    // `next` is a plain function over refs: it never goes stale.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [transport, onUploaded],
  );

  function next() {
    while (running.current.size < maxConcurrent && waiting.current.length > 0) {
      const { id, file } = waiting.current.shift()!;
      start(id, file);
    }
  }

  const addFiles = (files: Iterable<File>) => {
    for (const file of files) {
      // The server refuses it too; saying so here spares sending it.
      if (file.size > maxFileSize) {
        toast.error(`"${file.name}" was not uploaded: it is larger than the ${formatBytes(maxFileSize)} limit.`);
        continue;
      }
      const id = nextId++;
      setUploads((all) => [{ id, name: file.name, size: file.size, loaded: 0, bytesPerSecond: 0, state: "queued" }, ...all]);
      waiting.current.push({ id, file });
    }
    next();
  };

  const cancel = (id: number) => {
    const queued = waiting.current.findIndex((w) => w.id === id);
    if (queued < 0) return running.current.get(id)?.abort();
    const [{ file }] = waiting.current.splice(queued, 1);
    update(id, { state: "cancelled" });
    toast.info(`Upload of "${file.name}" cancelled.`);
  };

  useUploadTitle(uploads);

  return { uploads, addFiles, cancel };
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
