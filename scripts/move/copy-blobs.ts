// The blobs of a move: the blob of every file on the local disk and its previews, copied into the target store and
// verified there. Only what the source's rows name moves: a blob no file names is left behind, as the store's
// reconciliation would remove it anyway.
import type { Database } from "@/lib/db";
import type { BlobSpace, BlobStore } from "@/lib/storage";
import { blobDigest, copyBlob, removeUnfinishedWrites } from "./blobs";

type BlobsOptions = { source: Database; from: BlobStore; to: BlobStore };
type Blob = { space: "files" | "previews"; name: string };

const BATCH = 500;

/** The blob of every file the local disk holds, in batches. */
async function* fileBlobs(source: Database): AsyncGenerator<Blob> {
  let cursor: { id: string } | undefined;
  for (;;) {
    const rows = await source.file.findMany({
      where: { store: "local" },
      select: { id: true, storageKey: true },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor, skip: 1 } : {}),
    });
    for (const row of rows) yield { space: "files", name: row.storageKey };
    if (rows.length < BATCH) return;
    cursor = { id: rows[rows.length - 1].id };
  }
}

/** A preview's name is its file's id and its variant (lib/files/preview-cache.ts): `<id>-thumbnail`. */
const fileIdOf = (preview: string) => preview.slice(0, preview.lastIndexOf("-"));

async function isMovedPreview(source: Database, name: string): Promise<boolean> {
  const file = await source.file.findUnique({ where: { id: fileIdOf(name) }, select: { store: true } });
  return file?.store === "local";
}

/** Every preview of a file the local disk holds. */
async function* previewBlobs(source: Database, from: BlobStore): AsyncGenerator<Blob> {
  for await (const preview of from.previews.list()) {
    if (await isMovedPreview(source, preview.name)) yield { space: "previews", name: preview.name };
  }
}

async function* everyBlob(source: Database, from: BlobStore): AsyncGenerator<Blob> {
  yield* fileBlobs(source);
  yield* previewBlobs(source, from);
}

async function belongsToSource(source: Database, space: "files" | "previews", name: string): Promise<boolean> {
  if (space === "previews") return isMovedPreview(source, name);
  return (await source.file.count({ where: { storageKey: name, store: "local" } })) > 0;
}

/**
 * Refuses a target store that holds anything: on a first run, any blob or unfinished write; on a rerun, any blob
 * the source does not name (the earlier run wrote only those). Checks that every file's blob is in the source.
 */
export async function checkBlobTarget({ source, from, to, resuming }: BlobsOptions & { resuming: boolean }): Promise<void> {
  const refuse = (what: string) => {
    throw new Error(
      `The target store ${to.location} is not empty: it holds ${what}. Move into an empty bucket or prefix. Nothing was written.`,
    );
  };
  const alreadyThere = await source.file.count({ where: { store: { not: "local" } } });
  if (alreadyThere > 0) {
    throw new Error(
      `${alreadyThere} file(s) of this instance are in S3 already: move the database alone (without --storage). Nothing was written.`,
    );
  }
  for (const space of ["files", "previews"] as const) {
    for await (const blob of to[space].list()) {
      if (!resuming) refuse(`${space === "files" ? "a blob" : "a preview"} (${blob.name})`);
      if (!(await belongsToSource(source, space, blob.name))) refuse(`${blob.name}, which this instance does not name`);
    }
    if (!resuming)
      for await (const write of to[space].listIncompleteWrites(new Date(Date.now() + 60_000)))
        refuse(`an unfinished upload (${write.name})`);
  }
  for await (const blob of fileBlobs(source)) {
    if ((await from.files.size(blob.name)) === null) {
      throw new Error(
        `blob ${blob.name} of a file is missing from ${from.location}: the source is damaged (npm run storage:reconcile lists such files). Nothing was written.`,
      );
    }
  }
  await to.check();
}

export async function copyBlobs({ source, from, to, resuming }: BlobsOptions & { resuming: boolean }): Promise<void> {
  if (resuming) {
    const removed = (await removeUnfinishedWrites(to.files)) + (await removeUnfinishedWrites(to.previews));
    if (removed > 0) console.log(`  removed ${removed} unfinished write(s) of the earlier run`);
  }
  const files = await source.file.count({ where: { store: "local" } });
  let done = 0;
  let sent = 0;
  for await (const blob of everyBlob(source, from)) {
    const copied = await copyBlob(from[blob.space] as BlobSpace, to[blob.space] as BlobSpace, blob.name);
    if (copied.sent) sent++;
    if (blob.space === "files") console.log(`  blob ${++done}/${files}${copied.sent ? "" : " already there"}`);
  }
  console.log(`  ${sent} blob(s) and preview(s) sent to ${to.location}`);
}

/** Reads every moved blob from both stores and compares; a blob that differs is removed from the target. */
export async function verifyBlobs({ source, from, to }: BlobsOptions): Promise<{ files: number; previews: number; bytes: number }> {
  const counts = { files: 0, previews: 0, bytes: 0 };
  const differ: string[] = [];
  for await (const blob of everyBlob(source, from)) {
    const [expected, got] = await Promise.all([blobDigest(from[blob.space], blob.name), blobDigest(to[blob.space], blob.name)]);
    if (!expected || !got || expected.sha256 !== got.sha256 || expected.size !== got.size) {
      differ.push(blob.name);
      await to[blob.space].remove(blob.name);
      continue;
    }
    counts[blob.space]++;
    counts.bytes += got.size;
  }
  if (differ.length > 0) {
    throw new Error(
      `${differ.length} blob(s) differ in the target (${differ.slice(0, 3).join(", ")}): they were removed from it; run the move again`,
    );
  }
  console.log(`  ${counts.files} blob(s) and ${counts.previews} preview(s): the same SHA-256 in both stores`);
  return counts;
}
