// The one place that picks a storage driver (a dependency-cruiser rule keeps the drivers behind it). New blobs go
// to the store STORAGE_DRIVER names; a File row records the store that holds its blob, and reads and deletes go
// there, so files an earlier configuration stored stay readable (docs/decisions/036).
import "server-only";
import { processSingleton } from "@/lib/process-state";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createLocalDiskStore } from "./local-disk";
import { createS3Store } from "./s3/s3-store";
import type { BlobStore, StoreName } from "./blob-store";

export type { BlobSpace, BlobStore, BlobWriter, ResumableWriter, StoreName, SuspendedWrite } from "./blob-store";
export { StoreCheckError } from "./blob-store";

type StoreSettings = Pick<Env, "STORAGE_DIR" | "s3" | "TRANSFER_IDLE_SECONDS">;

/** A store of the given driver from explicit settings (the contract tests and scripts make their own). */
export function createBlobStore(name: StoreName, settings: StoreSettings): BlobStore {
  if (name === "local") return createLocalDiskStore(settings.STORAGE_DIR);
  if (!settings.s3) throw new AppError("internal", "A file is stored in S3, but no S3 bucket is configured (S3_BUCKET and the rest).");
  // A paused download's GET may stay silent as long as the client may; past that the transfer is over anyway.
  const idleTimeoutMs = Math.max(120_000, 2 * settings.TRANSFER_IDLE_SECONDS * 1000);
  return createS3Store({ ...settings.s3, idleTimeoutMs });
}


/** The store that holds blobs of `name` ("local" or "s3"), made once per process. */
export function storeNamed(name: StoreName): BlobStore {
  const stores = processSingleton(
    "blob-stores",
    { kind: "pool", why: "this process's clients of the blob stores (the S3 client's connections)" },
    () => new Map<StoreName, BlobStore>(),
  );
  let store = stores.get(name);
  if (!store) {
    store = createBlobStore(name, env());
    stores.set(name, store);
  }
  return store;
}

/** The configured store: where new blobs go. */
export function blobStore(): BlobStore {
  return storeNamed(env().STORAGE_DRIVER);
}

/** The store a File row names. */
export function storeOf(file: { store: string }): BlobStore {
  if (file.store !== "local" && file.store !== "s3") throw new AppError("internal", `Unknown blob store "${file.store}".`);
  return storeNamed(file.store);
}
