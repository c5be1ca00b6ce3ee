// The configured blob store.
import "server-only";
import { env } from "@/lib/env";
import { createLocalDiskStore } from "./local-disk";
import type { BlobStore } from "./blob-store";

const globalStore = globalThis as unknown as { cofferBlobStore?: BlobStore };

export function blobStore(): BlobStore {
  globalStore.cofferBlobStore ??= createLocalDiskStore(env().STORAGE_DIR);
  return globalStore.cofferBlobStore;
}
