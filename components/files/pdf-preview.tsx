"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";

/** Pages drawn at most: a preview, not a reader (the download has the rest). */
const MAX_PAGES = 30;
/** Canvas pixels per CSS pixel: sharp on high-density screens without huge canvases. */
const MAX_SCALE = 2;

type State = { status: "loading" } | { status: "ready"; pages: number; shown: number } | { status: "failed" };

/**
 * A PDF drawn page by page onto canvases by Coffer's own copy of PDF.js (docs/decisions/026). Nothing in the document
 * can run: PDF.js's core library has no JavaScript engine for documents (that lives in its viewer's scripting sandbox,
 * which is not loaded), no eval, no forms layer, no links layer; the browser's own PDF viewer, which does run document
 * JavaScript, is never given the file.
 */
export function PdfPreview({ src, name, fallback }: { src: string; name: string; fallback: ReactNode }) {
  const pagesRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ status: "loading" });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | undefined;
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      // Self-hosted: the bundler makes the worker one of the app's own static files (a classic worker: its loader
      // uses importScripts).
      pdfjs.GlobalWorkerOptions.workerPort ??= new Worker(new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url));
      const task = pdfjs.getDocument({ url: src, isEvalSupported: false, enableXfa: false, stopAtErrors: false });
      destroy = () => task.destroy();
      const document = await task.promise;
      const shown = Math.min(document.numPages, MAX_PAGES);
      const width = pagesRef.current?.clientWidth ?? 800;
      for (let number = 1; number <= shown && !cancelled; number++) {
        const page = await document.getPage(number);
        const natural = page.getViewport({ scale: 1 });
        const density = Math.min(window.devicePixelRatio || 1, MAX_SCALE);
        const viewport = page.getViewport({ scale: (width / natural.width) * density });
        const canvas = window.document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = "100%";
        canvas.className = "block rounded border border-slate-200 bg-white shadow-sm";
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `Page ${number} of ${document.numPages}`);
        canvas.dataset.page = String(number);
        await page.render({ canvas, viewport, annotationMode: pdfjs.AnnotationMode.ENABLE }).promise;
        if (cancelled) return;
        pagesRef.current?.append(canvas);
      }
      if (!cancelled) setState({ status: "ready", pages: document.numPages, shown });
    })().catch(() => {
      if (!cancelled) setState({ status: "failed" });
    });
    const pages = pagesRef.current;
    return () => {
      cancelled = true;
      void destroy?.();
      pages?.replaceChildren();
    };
  }, [src]);

  return (
    <div className="flex flex-col gap-2" data-preview="pdf">
      <div className="relative">
        <div
          ref={pagesRef}
          tabIndex={0}
          aria-label={`Preview of ${name}`}
          aria-busy={state.status === "loading"}
          className="flex max-h-[70vh] min-h-48 flex-col gap-3 overflow-auto rounded-lg bg-slate-100 p-3 focus-visible:outline-2"
        />
        {/* Fetching, decrypting and drawing a large PDF takes seconds: say so inside the box, not under a blank one. */}
        {state.status === "loading" ? (
          <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center gap-3" role="status">
            <span aria-hidden="true" className="size-8 animate-spin rounded-full border-4 border-slate-300 border-t-indigo-600" />
            <span className="text-sm text-slate-700">Loading the PDF…</span>
          </div>
        ) : null}
      </div>
      {state.status === "failed" ? (
        <div className="flex flex-col items-start gap-3">
          <p className="text-sm text-slate-600">This PDF could not be shown here: download it to open it.</p>
          {fallback}
        </div>
      ) : null}
      {state.status === "ready" && state.shown < state.pages ? (
        <p className="text-xs text-slate-600">
          Only the first {state.shown} of {state.pages} pages are shown.
        </p>
      ) : null}
    </div>
  );
}
