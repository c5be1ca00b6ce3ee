// Master-key rotation, in two phases (scripts/keys.ts): a new key is first added as a secondary and the
// server restarted, which registers it (its check value in MasterKey) and proves the running environment
// has it; only then is it promoted and every data key re-wrapped with it. File contents are never
// rewritten, only the small wrapped keys, each row only if nobody changed it meanwhile.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { keyCheckValue, unwrapDataKey, wrapDataKey } from "./key-wrap";
import type { MasterKey } from "@/lib/env/master-keys";

const BATCH = 25;
// Between batches, the running server gets the database's write lock back.
const PAUSE_MS = 25;

export function generateMasterKey(now = new Date()): MasterKey {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return { id: `k${stamp}`, key: randomBytes(32) };
}

/** Whether a server started with exactly this key (it registered the key's check value at start-up). */
export async function isKeyRegistered(key: MasterKey): Promise<boolean> {
  const row = await db.masterKey.findUnique({ where: { id: key.id } });
  return row !== null && row.checkValue === keyCheckValue(key.key);
}

/** Re-wraps every file's data key from any of `keys` to `next`; returns how many were re-wrapped. */
export async function rewrapAll(opts: { keys: MasterKey[]; next: MasterKey; onProgress?: (done: number) => void }): Promise<number> {
  let rewrapped = 0;
  for (;;) {
    const files = await db.file.findMany({
      where: { masterKeyId: { not: opts.next.id } },
      take: BATCH,
      select: { id: true, wrappedKey: true, masterKeyId: true },
    });
    if (files.length === 0) return rewrapped;
    for (const file of files) {
      const old = opts.keys.find((k) => k.id === file.masterKeyId);
      if (!old) throw new Error(`file ${file.id} is wrapped by master key "${file.masterKeyId}", which is not configured`);
      const dataKey = unwrapDataKey(file.wrappedKey, old.key);
      const wrappedKey = wrapDataKey(dataKey, opts.next.key);
      dataKey.fill(0);
      const updated = await db.file.updateMany({
        where: { id: file.id, wrappedKey: file.wrappedKey },
        data: { wrappedKey, masterKeyId: opts.next.id },
      });
      rewrapped += updated.count;
    }
    opts.onProgress?.(rewrapped);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
}
