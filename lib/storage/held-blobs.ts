// The blobs this server's uploads are writing right now. An upload holds its key from before the first byte
// until its File row commits (or it fails), and the sweeper never touches a held key. This is the exact
// answer for this server; the PendingBlob rows answer for other servers and for a crashed one.
import { processSingleton } from "@/lib/process-state";

function held(): Set<string> {
  return processSingleton(
    "held-blobs",
    { kind: "per-request", why: "blobs this process's uploads are writing; PendingBlob rows answer for other nodes" },
    () => new Set<string>(),
  );
}

export function holdBlob(key: string): void {
  held().add(key);
}

export function releaseBlob(key: string): void {
  held().delete(key);
}

export function isBlobHeld(key: string): boolean {
  return held().has(key);
}

/** Every key held now (the uploads whose leases this server renews). */
export function heldBlobs(): string[] {
  return [...held()];
}
