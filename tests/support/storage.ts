// What the tests see of the blob store, through the storage port: the same helpers work whichever store this test
// file runs on (the local disk, or the S3 test server when COFFER_TEST_STORAGE=s3, see test-env.ts). No test looks
// at a driver's layout (folders, object keys) directly.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { blobStore, type BlobStore } from "@/lib/storage";
import type { IncompleteWrite } from "@/lib/storage/blob-store";
import { storageDescriptors } from "./process-state";

export const testStore = (): BlobStore => blobStore();
export const storageDriver = () => testStore().name;

const FAR_FUTURE = new Date(Date.UTC(3000, 0, 1));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The names of every committed file blob, sorted. */
export async function storedBlobs(): Promise<string[]> {
  return (await collect(testStore().files.list())).map((blob) => blob.name).sort();
}

/** The names of every committed preview, sorted. */
export async function storedPreviews(): Promise<string[]> {
  return (await collect(testStore().previews.list())).map((blob) => blob.name).sort();
}

/** Every write begun and not finished (temporary files, multipart uploads), of files and of previews. */
export async function unfinishedWrites(): Promise<IncompleteWrite[]> {
  const store = testStore();
  return [
    ...(await collect(store.files.listIncompleteWrites(FAR_FUTURE))),
    ...(await collect(store.previews.listIncompleteWrites(FAR_FUTURE))),
  ];
}

/**
 * Whether an upload is writing into the store now: its pending row exists and its bytes are in an unfinished
 * write, or (on a store that writes in parts, S3) it is still gathering its first part, which is sent only when
 * full or at commit.
 */
export async function writeUnderWay(): Promise<boolean> {
  if ((await db.pendingBlob.count()) === 0) return false;
  return testStore().capabilities.minPartBytes !== null || (await unfinishedWrites()).length > 0;
}

export async function hasBlob(name: string): Promise<boolean> {
  return (await testStore().files.size(name)) !== null;
}

/** The stored (encrypted) bytes of a blob. */
export async function readStoredBlob(name: string, space: "files" | "previews" = "files"): Promise<Buffer> {
  const opened = await testStore()[space].read(name, { start: 0, end: Number.MAX_SAFE_INTEGER - 1 });
  if (!opened) throw new Error(`no blob ${name}`);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Puts `bytes` under `name`, replacing what is there (a tampered blob, a stray one). */
export async function writeStoredBlob(name: string, bytes: Buffer | string, space: "files" | "previews" = "files"): Promise<void> {
  const data = Buffer.from(bytes);
  const writer = await testStore()[space].createWriter(name, { maxBytes: data.length });
  await writer.write([data]);
  await writer.commit();
}

export async function removeStoredBlob(name: string): Promise<void> {
  await testStore().files.remove(name);
}

/**
 * Begins a write of a bit more than 5 MiB and leaves it unfinished, as a process that died mid-upload would:
 * a temporary file on the local disk, a multipart upload with one part on S3.
 */
export async function leaveUnfinishedWrite(name: string): Promise<void> {
  const writer = await testStore().files.createWriter(name, { maxBytes: 20 * 1024 * 1024 });
  await writer.write([randomBytes(5 * 1024 * 1024 + 1)]);
  await writer.checkpoint();
}

/**
 * What holds the store's bytes open for a server: on the local disk the server's descriptors under STORAGE_DIR;
 * on S3 the S3 test server's descriptors under its folder (a GET still streaming, a part still being written).
 *
 * Left out on S3: a part file of a multipart upload that no longer exists (its folder under `._S3rver_uploads` is
 * deleted). s3rver pipes a part's request body into a file with `.pipe()` (stores/filesystem.js, putPart), so a part
 * request the client cuts off never ends its file stream: s3rver holds that descriptor until it exits. Coffer has
 * done its part by then (its request is gone, and so is the multipart upload: the tests check both, with the
 * server's own descriptors and `unfinishedWrites()`), and real S3 holds no descriptors at all. Every other s3rver
 * descriptor counts, including a part of an upload still in progress and an object still being read.
 */
export function openStorageHandles(serverPid: number): string[] {
  if (storageDriver() === "s3") {
    return storageDescriptors(Number(process.env.COFFER_TEST_S3_PID), process.env.COFFER_TEST_S3_DIR!).filter(
      (target) => !(target.includes("/._S3rver_uploads/") && target.endsWith(" (deleted)")),
    );
  }
  return storageDescriptors(serverPid, process.env.STORAGE_DIR!);
}
