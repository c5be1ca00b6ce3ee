// The downloads under way on this server and what allowed each one, so that whatever takes the permission
// away ends them at once: deleting a file, revoking a link or a share, disabling or deleting an account.
// The bytes already sent are sent; nothing more follows. (Per server: a transfer on another server notices
// at its next periodic re-check of access, see lib/http/download/serve-file.ts.)
import { processSingleton } from "@/lib/process-state";
export type TransferScope = {
  fileId: string;
  ownerId: string;
  /** Set for a link visitor's download. */
  linkId?: string;
  /** Set for a recipient's download of a file shared with them. */
  recipientId?: string;
};

type Running = { scope: TransferScope; stop: () => void };

function running(): Set<Running> {
  return processSingleton(
    "running-transfers",
    { kind: "per-request", why: "transfers on this process, to stop at once; other nodes' stop at their 15 s re-check" },
    () => new Set<Running>(),
  );
}

/** Registers a transfer; answers the function that forgets it when it ends. */
export function trackTransfer(scope: TransferScope, stop: () => void): () => void {
  const entry = { scope, stop };
  running().add(entry);
  return () => running().delete(entry);
}

/** Ends every transfer whose scope has all the given fields; answers how many. */
export function endTransfers(match: Partial<TransferScope>): number {
  let ended = 0;
  for (const entry of [...running()]) {
    const matches = (Object.keys(match) as (keyof TransferScope)[]).every(
      (key) => match[key] !== undefined && entry.scope[key] === match[key],
    );
    if (!matches) continue;
    running().delete(entry);
    entry.stop();
    ended++;
  }
  return ended;
}

/** How many transfers are running, for tests and the log. */
export function runningTransferCount(): number {
  return running().size;
}
