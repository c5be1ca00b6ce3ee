// The master keys from the environment: the first wraps new data keys, any of them unwraps.
import "server-only";
import { env } from "@/lib/env";
import { unwrapDataKey, wrapDataKey, generateDataKey } from "./key-wrap";
import type { MasterKey } from "@/lib/env/master-keys";

export function activeMasterKey(): MasterKey {
  return env().STORAGE_MASTER_KEY[0];
}

export function newWrappedDataKey(): { dataKey: Buffer; wrappedKey: string; masterKeyId: string } {
  const master = activeMasterKey();
  const dataKey = generateDataKey();
  return { dataKey, wrappedKey: wrapDataKey(dataKey, master.key), masterKeyId: master.id };
}

export function unwrapFileKey(file: { wrappedKey: string; masterKeyId: string }): Buffer {
  const master = env().STORAGE_MASTER_KEY.find((k) => k.id === file.masterKeyId);
  if (!master) throw new Error(`master key "${file.masterKeyId}" is not configured`);
  return unwrapDataKey(file.wrappedKey, master.key);
}
