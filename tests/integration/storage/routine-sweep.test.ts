// The routine sweep costs what changed, not what the store holds (docs/decisions/063): it never lists the store's
// blobs or previews, and still removes what crashes left: the blobs (and previews) of recorded deletions, abandoned
// uploads with their unfinished writes, and unfinished writes no row names. It never takes a blob an upload is
// writing. Run on the test store of the configuration (the local disk, or the S3 test server with
// COFFER_TEST_STORAGE=s3), through a wrapper that counts the listings the sweep asks for and can make removals fail.
// The whole-store listing is the reconciliation's: by command, or when it is due on one node.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { storeNamed, type BlobSpace, type BlobStore } from "@/lib/storage";
import { newWrappedDataKey } from "@/lib/crypto/key-ring";
import { holdBlob, releaseBlob } from "@/lib/storage/held-blobs";
import { sweepStorage } from "@/lib/files/sweep-storage";
import { removeDeletedBlobs } from "@/lib/files/remove-deleted-blobs";
import { readCachedPreview, sweepPreviews, writeCachedPreview } from "@/lib/files/preview-cache";
import { deleteFile } from "@/lib/files/delete-file";
import { deleteUser } from "@/lib/admin/manage-user";
import { reconcileStorage, reconcileStorageIfDue } from "@/lib/files/reconcile-storage";
import { createUser } from "../../support/factories";
import { hasBlob, leaveUnfinishedWrite, storedPreviews, testStore, unfinishedWrites, writeStoredBlob } from "../../support/storage";

/** `ms` milliseconds ago (in the future when negative): a lease's end. */
const ago = (ms: number) => new Date(Date.now() - ms);

type Calls = { list: number; listIncompleteWrites: number; remove: number };

/** The test store with every listing counted; `failRemovals` makes removing a committed blob throw. */
function countingStore(base: BlobStore, opts: { failRemovals?: boolean } = {}) {
  const calls: Record<"files" | "previews", Calls> = {
    files: { list: 0, listIncompleteWrites: 0, remove: 0 },
    previews: { list: 0, listIncompleteWrites: 0, remove: 0 },
  };
  const wrap = (space: BlobSpace, count: Calls): BlobSpace => ({
    ...space,
    list: () => {
      count.list++;
      return space.list();
    },
    listIncompleteWrites: (olderThan) => {
      count.listIncompleteWrites++;
      return space.listIncompleteWrites(olderThan);
    },
    remove: async (name) => {
      count.remove++;
      if (opts.failRemovals) throw Object.assign(new Error("the store is unreachable"), { name: "TestStoreDown" });
      return space.remove(name);
    },
  });
  const store: BlobStore = {
    name: base.name,
    location: base.location,
    capabilities: base.capabilities,
    freeBytes: () => base.freeBytes(),
    check: () => base.check(),
    ping: (signal) => base.ping(signal),
    files: wrap(base.files, calls.files),
    previews: wrap(base.previews, calls.previews),
  };
  return { store, calls };
}

/** One routine sweep, as the server runs it, against `store`. */
async function routineSweep(store: BlobStore, now = Date.now()) {
  await sweepStorage({ now, store });
  const deleted = await removeDeletedBlobs({ now, stores: () => store });
  await sweepPreviews({ now, store });
  return deleted;
}

const key = () => randomBytes(16).toString("hex");
const unfinishedNames = async () => (await unfinishedWrites()).map((write) => write.name);

async function fileRow(ownerId: string, storageKey: string) {
  return db.file.create({
    data: {
      ownerId,
      name: "kept.bin",
      searchName: "kept.bin",
      size: 10n,
      mimeType: "application/octet-stream",
      sha256: "0".repeat(64),
      storageKey,
      store: testStore().name,
      wrappedKey: "unused",
      masterKeyId: "unused",
    },
  });
}

let user: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  user = await createUser();
});

it("removes what crashes left without listing the store's blobs or previews, and keeps what is named or being written", async () => {
  const store = testStore().name;
  const me = env().NODE_NAME;
  // A file's delete committed, and the server died before removing its blob and previews.
  const deletedFile = key();
  const deletedFileId = `c${key().slice(0, 24)}`;
  await writeStoredBlob(deletedFile, "deleted file");
  await writeStoredBlob(`${deletedFileId}-thumbnail`, "its preview", "previews");
  await db.blobDeletion.create({ data: { storageKey: deletedFile, store, fileId: deletedFileId } });
  // An upload whose node died (its lease ran out a second ago): its row, its committed blob, its unfinished write.
  const abandoned = key();
  await db.pendingBlob.create({
    data: { storageKey: abandoned, userId: user.id, holder: "a-dead-server", store, reservedBytes: 99n, leaseUntil: ago(1000) },
  });
  await writeStoredBlob(abandoned, "half an upload");
  await leaveUnfinishedWrite(abandoned);
  // An unfinished write nothing names.
  const rowless = key();
  await leaveUnfinishedWrite(rowless);
  // What must stay: a file's blob, another server's upload under way (its lease runs), an upload of this server under
  // way (held: its lease ran out only because a renewal failed), and the blob of a deleted account's upload that
  // another server may still be writing.
  const kept = key();
  await writeStoredBlob(kept, "a file");
  const file = await fileRow(user.id, kept);
  await writeStoredBlob(`${file.id}-thumbnail`, "its preview", "previews");
  const theirs = key();
  await db.pendingBlob.create({ data: { storageKey: theirs, userId: user.id, holder: "another-server", store, leaseUntil: ago(-10 * 60_000) } });
  await writeStoredBlob(theirs, "their upload");
  await leaveUnfinishedWrite(theirs);
  const held = key();
  holdBlob(held);
  await db.pendingBlob.create({ data: { storageKey: held, userId: user.id, holder: me, store, leaseUntil: ago(1000) } });
  await leaveUnfinishedWrite(held);
  const writtenElsewhere = key();
  await writeStoredBlob(writtenElsewhere, "an upload of a deleted account, still running on another server");
  await db.blobDeletion.create({ data: { storageKey: writtenElsewhere, store, holder: "another-server" } });

  const { store: counted, calls } = countingStore(testStore());
  const deleted = await routineSweep(counted);

  expect(calls.files.list).toBe(0);
  expect(calls.previews.list).toBe(0);
  expect(calls.files.listIncompleteWrites).toBe(1);
  expect(calls.previews.listIncompleteWrites).toBe(1);
  expect(deleted).toEqual({ removed: 2, failed: 0 }); // the deleted file's and the abandoned upload's
  expect(await hasBlob(deletedFile)).toBe(false);
  expect(await hasBlob(abandoned)).toBe(false);
  expect(await storedPreviews()).toEqual([`${file.id}-thumbnail`]);
  expect(await db.pendingBlob.findUnique({ where: { storageKey: abandoned } })).toBeNull();
  expect((await unfinishedNames()).sort()).toEqual([held, theirs].sort());
  expect(await hasBlob(kept)).toBe(true);
  expect(await hasBlob(theirs)).toBe(true);
  expect(await hasBlob(writtenElsewhere)).toBe(true);
  expect((await db.blobDeletion.findMany({ select: { storageKey: true } })).map((row) => row.storageKey)).toEqual([writtenElsewhere]);

  // A day on, the other server's deletion is taken as abandoned too (its server never came back). The uploads
  // under way end meanwhile: their unfinished writes go with their rows.
  releaseBlob(held);
  await db.pendingBlob.deleteMany({ where: { storageKey: { in: [held, theirs] } } });
  await routineSweep(counted, Date.now() + 25 * 60 * 60 * 1000);
  expect(await hasBlob(writtenElsewhere)).toBe(false);
  expect(await db.blobDeletion.count()).toBe(0);
  expect(calls.files.list).toBe(0);
  expect(calls.previews.list).toBe(0);
  expect(await unfinishedNames()).toEqual([]);
  // What the rows made here named goes with them, for the tests below to start from an explained store.
  await db.file.delete({ where: { id: file.id } });
  for (const name of [kept, theirs]) await testStore().files.remove(name);
  await testStore().previews.remove(`${file.id}-thumbnail`);
});

it("a removal that fails stays recorded, waits, and is retried by a later sweep until the blob goes", async () => {
  const store = testStore().name;
  const blob = key();
  await writeStoredBlob(blob, "to go");
  await db.blobDeletion.create({ data: { storageKey: blob, store } });

  const down = countingStore(testStore(), { failRemovals: true });
  const now = Date.now();
  expect(await removeDeletedBlobs({ now, stores: () => down.store })).toEqual({ removed: 0, failed: 1 });
  const row = await db.blobDeletion.findUniqueOrThrow({ where: { storageKey: blob } });
  expect(row.attempts).toBe(1);
  expect(row.lastError).toBe("TestStoreDown: the store is unreachable");
  expect(row.nextAttemptAt.getTime()).toBeGreaterThan(now);
  expect(await hasBlob(blob)).toBe(true);
  // Not due yet: not tried again.
  expect(await removeDeletedBlobs({ now: now + 1000, stores: () => down.store })).toEqual({ removed: 0, failed: 0 });
  expect(down.calls.files.remove).toBe(1);

  const up = countingStore(testStore());
  expect(await removeDeletedBlobs({ now: row.nextAttemptAt.getTime(), stores: () => up.store })).toEqual({ removed: 1, failed: 0 });
  expect(await hasBlob(blob)).toBe(false);
  expect(await db.blobDeletion.count()).toBe(0);
});

it("deleting a file removes its blob and previews at once and leaves no record behind", async () => {
  const blob = key();
  await writeStoredBlob(blob, "a file");
  const file = await fileRow(user.id, blob);
  await writeStoredBlob(`${file.id}-thumbnail`, "preview", "previews");
  await writeStoredBlob(`${file.id}-large`, "preview", "previews");
  expect(await deleteFile({ fileId: file.id, userId: user.id })).toEqual({ name: "kept.bin" });
  expect(await hasBlob(blob)).toBe(false);
  expect((await storedPreviews()).filter((name) => name.startsWith(file.id))).toEqual([]);
  expect(await db.blobDeletion.count()).toBe(0);
  // A second delete of the same file finds nothing.
  expect(await deleteFile({ fileId: file.id, userId: user.id })).toBeNull();
});

it("deleting an account records its files' blobs and its uploads under way in the same transaction; an upload another server is writing is left to it", async () => {
  const store = testStore().name;
  const owner = await createUser();
  const fileBlob = key();
  await writeStoredBlob(fileBlob, "their file");
  const file = await fileRow(owner.id, fileBlob);
  const uploading = key();
  await db.pendingBlob.create({ data: { storageKey: uploading, userId: owner.id, holder: "another-server", store, leaseUntil: ago(-10 * 60_000) } });
  await writeStoredBlob(uploading, "an upload of theirs still running elsewhere");

  await deleteUser({ userId: owner.id, adminId: user.id });
  expect(await db.file.findUnique({ where: { id: file.id } })).toBeNull();
  expect(await hasBlob(fileBlob)).toBe(false);
  expect(await db.blobDeletion.findMany({ select: { storageKey: true, holder: true } })).toEqual([
    { storageKey: uploading, holder: "another-server" },
  ]);
  const { store: counted } = countingStore(testStore());
  await routineSweep(counted);
  expect(await hasBlob(uploading)).toBe(true);
  await routineSweep(counted, Date.now() + 25 * 60 * 60 * 1000);
  expect(await hasBlob(uploading)).toBe(false);
  expect(await db.blobDeletion.count()).toBe(0);
});

it("the reconciliation lists the store: it removes blobs and previews nothing records, reports missing blobs, and spares uploads", async () => {
  const store = testStore().name;
  const orphan = key();
  await writeStoredBlob(orphan, "nothing names me");
  const orphanPreview = `c${key().slice(0, 24)}-large`;
  await writeStoredBlob(orphanPreview, "no file", "previews");
  const uploading = key();
  await db.pendingBlob.create({ data: { storageKey: uploading, userId: user.id, holder: "another-server", store, leaseUntil: ago(-10 * 60_000) } });
  await writeStoredBlob(uploading, "an upload about to commit");
  const kept = key();
  await writeStoredBlob(kept, "a file");
  const file = await fileRow(user.id, kept);
  const missing = await fileRow(user.id, key());

  // The routine sweep does not see an unrecorded orphan...
  const { store: counted, calls } = countingStore(testStore());
  await routineSweep(counted);
  expect(await hasBlob(orphan)).toBe(true);
  // ...the reconciliation does.
  expect(await reconcileStorage({ store: counted })).toEqual({ orphanBlobs: 1, missingBlobs: 1, orphanPreviews: 1 });
  expect(calls.files.list).toBe(1);
  expect(calls.previews.list).toBe(1);
  expect(await hasBlob(orphan)).toBe(false);
  expect(await storedPreviews()).not.toContain(orphanPreview);
  expect(await hasBlob(uploading)).toBe(true);
  expect(await hasBlob(kept)).toBe(true);
  await db.pendingBlob.delete({ where: { storageKey: uploading } });
  await db.file.deleteMany({ where: { id: { in: [file.id, missing.id] } } });
});

it("a scheduled reconciliation runs on the node that claims it, then not again until RECONCILE_INTERVAL_HOURS have passed", async () => {
  const now = Date.now();
  const first = await reconcileStorageIfDue(now);
  expect(first).not.toBeNull();
  // Another node (or a later sweep) in the same interval finds it claimed.
  expect(await reconcileStorageIfDue(now + 60_000)).toBeNull();
  const interval = env().RECONCILE_INTERVAL_HOURS * 3_600_000;
  const [later, again] = await Promise.all([reconcileStorageIfDue(now + interval + 1), reconcileStorageIfDue(now + interval + 1)]);
  expect([later, again].filter(Boolean)).toHaveLength(1);
});

// A file stored under an earlier STORAGE_DRIVER keeps its blob in the old store; its previews live there too and go
// with it (docs/decisions/064). Both stores exist only in the S3 configuration (the test folder is the local store
// beside the bucket); in the local one there is no second store to switch from.
const bothStores = testStore().name === "s3" ? describe : describe.skip;
bothStores("previews of a file in the store a driver switch left behind (S3 configuration only)", () => {
  it("are cached in the file's store, not the configured one, and removed with the file from there", async () => {
    const old = storeNamed("local");
    const { dataKey, wrappedKey, masterKeyId } = newWrappedDataKey();
    dataKey.fill(0);
    const blob = key();
    const writer = await old.files.createWriter(blob, { maxBytes: 10 });
    await writer.write([Buffer.from("old blob")]);
    await writer.commit();
    const file = await db.file.update({
      where: { id: (await fileRow(user.id, blob)).id },
      data: { store: "local", wrappedKey, masterKeyId },
    });
    await writeCachedPreview(file, "thumbnail", Buffer.from("webp bytes"));
    expect(await readCachedPreview(file, "thumbnail")).toEqual(Buffer.from("webp bytes"));
    expect(await old.previews.size(`${file.id}-thumbnail`)).not.toBeNull();
    expect(await storedPreviews()).not.toContain(`${file.id}-thumbnail`); // the configured store (S3) has none

    expect(await deleteFile({ fileId: file.id, userId: user.id })).toEqual({ name: "kept.bin" });
    expect(await old.files.size(blob)).toBeNull();
    expect(await old.previews.size(`${file.id}-thumbnail`)).toBeNull();
    expect(await db.blobDeletion.count()).toBe(0);
  });
});
