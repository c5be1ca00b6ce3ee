"use client";
import { useCallback, useRef, useState, type DragEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { formatBytes } from "@/lib/files/format-bytes";

type UploadState = "uploading" | "done" | "failed" | "cancelled";
type Upload = { id: number; name: string; size: number; loaded: number; bytesPerSecond: number; state: UploadState; error?: string };

let nextId = 1;

/** Drag-and-drop or pick files; each one travels in its own request with progress, speed and cancel. */
export function Uploader({ maxFileSize }: { maxFileSize: number }) {
  const router = useRouter();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const requests = useRef(new Map<number, XMLHttpRequest>());
  const inputRef = useRef<HTMLInputElement>(null);

  const update = (id: number, patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  const start = useCallback(
    (file: File) => {
      const id = nextId++;
      setUploads((all) => [{ id, name: file.name, size: file.size, loaded: 0, bytesPerSecond: 0, state: "uploading" }, ...all]);
      const body = new FormData();
      body.append("file", file, file.name);
      const xhr = new XMLHttpRequest();
      requests.current.set(id, xhr);
      const started = performance.now();
      xhr.upload.onprogress = (event) => {
        const seconds = (performance.now() - started) / 1000;
        update(id, { loaded: event.loaded, bytesPerSecond: seconds > 0 ? event.loaded / seconds : 0 });
      };
      xhr.onload = () => {
        requests.current.delete(id);
        let message = "The upload failed.";
        try {
          message = (JSON.parse(xhr.responseText) as { error?: string }).error ?? message;
        } catch {
          // not JSON: keep the generic message
        }
        if (xhr.status === 201) {
          update(id, { state: "done", loaded: file.size });
          toast.success(`Uploaded "${file.name}".`);
          router.refresh();
        } else {
          update(id, { state: "failed", error: message });
          toast.error(`"${file.name}" was not uploaded: ${message}`);
        }
      };
      xhr.onerror = () => {
        requests.current.delete(id);
        update(id, { state: "failed", error: "The connection was lost." });
        toast.error(`"${file.name}" was not uploaded: the connection was lost.`);
      };
      xhr.onabort = () => {
        requests.current.delete(id);
        update(id, { state: "cancelled" });
        toast.info(`Upload of "${file.name}" cancelled.`);
      };
      xhr.open("POST", "/api/files");
      xhr.send(body);
    },
    [router],
  );

  const addFiles = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      // The server refuses it too; saying so here spares sending it.
      if (file.size > maxFileSize) toast.error(`"${file.name}" was not uploaded: it is larger than the ${formatBytes(maxFileSize)} limit.`);
      else start(file);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
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
        <label className="cursor-pointer rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600">
          Choose files
          <input
            ref={inputRef}
            type="file"
            multiple
            className="sr-only"
            onChange={(event) => {
              addFiles(event.target.files);
              event.target.value = "";
            }}
          />
        </label>
      </div>
      {uploads.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="Uploads">
          {uploads.map((upload) => {
            const percent = upload.size ? Math.floor((upload.loaded / upload.size) * 100) : upload.state === "done" ? 100 : 0;
            return (
              <li key={upload.id} className="rounded-lg border border-slate-200 bg-white p-3">
                <div className="flex items-center gap-3">
                  <span className="min-w-0 flex-1 truncate font-medium" title={upload.name}>
                    {upload.name}
                  </span>
                  <span className="text-sm text-slate-600" aria-live="polite">
                    {upload.state === "uploading" && `${Math.min(percent, 100)}% · ${formatBytes(upload.bytesPerSecond)}/s`}
                    {upload.state === "done" && "Done"}
                    {upload.state === "cancelled" && "Cancelled"}
                    {upload.state === "failed" && "Failed"}
                  </span>
                  {upload.state === "uploading" ? (
                    <button
                      type="button"
                      className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                      aria-label={`Cancel upload of ${upload.name}`}
                      onClick={() => requests.current.get(upload.id)?.abort()}
                    >
                      Cancel
                    </button>
                  ) : null}
                </div>
                <progress
                  className="mt-2 h-2 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600"
                  max={100}
                  value={upload.state === "done" ? 100 : Math.min(percent, 100)}
                  aria-label={`Progress of ${upload.name}`}
                />
                {upload.error ? <p className="mt-1 text-sm text-red-700">{upload.error}</p> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
