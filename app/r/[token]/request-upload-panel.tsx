"use client";
import { useEffect, useRef, useState } from "react";
import { Uploader } from "@/components/files/uploader";
import type { UploadTransport } from "@/components/files/upload-transport";
import { createTusTransport } from "@/components/files/tus-transport";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { formatBytes } from "@/lib/files/format-bytes";

type Received = { key: number; name: string; size: number };

/**
 * The visitor's side of a file request: an optional name, the uploader, and once every upload has ended, only what
 * arrived (names and sizes, from this browser's own uploads: the server never shows a visitor anything it holds).
 */
export function RequestUploadPanel({
  endpoint,
  maxFileSize,
  maxConcurrent,
  accept,
  ownerName,
}: {
  endpoint: string;
  maxFileSize: number;
  maxConcurrent: number;
  accept?: string;
  ownerName: string;
}) {
  const [senderName, setSenderName] = useState("");
  const sender = useRef(senderName);
  useEffect(() => {
    sender.current = senderName;
  }, [senderName]);
  const [received, setReceived] = useState<Received[]>([]);
  const [showConfirmation, setShowConfirmation] = useState(false);
  const [round, setRound] = useState(0);
  const running = useRef(0);
  const arrivedThisRound = useRef(0);

  const nextKey = useRef(0);

  // The uploader's transport, with a count of what is under way: when the last upload ends and something arrived,
  // the page turns into the confirmation. (Refs are read only when a file is sent, never while rendering.)
  const transport: UploadTransport = (file, events) => {
    // The request's own tus endpoint (docs/decisions/079), resumable like the dashboard's uploads; the sender's name
    // goes with each file's metadata.
    const send = createTusTransport({
      endpoint: new URL(endpoint, window.location.href).href,
      metadata: (): Record<string, string> => {
        const name = sender.current.trim();
        return name ? { sender: name } : {};
      },
    });
    running.current++;
    const ended = () => {
      if (--running.current === 0 && arrivedThisRound.current > 0) setShowConfirmation(true);
    };
    return send(file, {
      resumed: events.resumed,
      progress: events.progress,
      uploaded(fileId) {
        arrivedThisRound.current++;
        const key = nextKey.current++;
        setReceived((all) => [...all, { key, name: file.name, size: file.size }]);
        events.uploaded(fileId);
        ended();
      },
      failed(message) {
        events.failed(message);
        ended();
      },
      lost() {
        events.lost();
        ended();
      },
      cancelled() {
        events.cancelled();
        ended();
      },
    });
  };

  if (showConfirmation) {
    return (
      <div
        className="flex flex-col gap-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4"
        role="status"
        data-testid="request-confirmation"
      >
        <h2 className="text-lg font-semibold text-emerald-900">Sent to {ownerName}</h2>
        <p className="text-sm text-emerald-900">
          {received.length === 1 ? "This file has arrived:" : `These ${received.length} files have arrived:`}
        </p>
        <ul className="flex flex-col gap-1 text-sm" aria-label="Files received">
          {received.map((file) => (
            <li key={file.key} className="flex justify-between gap-3 rounded bg-white px-3 py-2">
              <span className="min-w-0 break-all font-medium">{file.name}</span>
              <span className="shrink-0 text-slate-600">{formatBytes(file.size)}</span>
            </li>
          ))}
        </ul>
        <p className="text-xs text-emerald-900">Only {ownerName} can open them. You can close this page.</p>
        <div>
          <Button
            variant="secondary"
            onClick={() => {
              arrivedThisRound.current = 0;
              setShowConfirmation(false);
              setRound((r) => r + 1);
            }}
          >
            Send more files
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <Input
        label="Your name (optional)"
        name="sender"
        autoComplete="name"
        maxLength={80}
        value={senderName}
        onChange={(event) => setSenderName(event.target.value)}
        hint={`Shown to ${ownerName} with each file you send.`}
      />
      <Uploader
        key={round}
        maxFileSize={maxFileSize}
        maxConcurrent={maxConcurrent}
        transport={transport}
        accept={accept}
        onUploaded={() => {}}
      />
    </div>
  );
}
