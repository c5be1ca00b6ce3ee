"use client";
// The browser keeps each unfinished upload's address under its file's fingerprint (name, type, size) in localStorage
// (tus-js-client's "tus::" keys, components/files/tus-transport.ts). Once nobody is signed in here (the sign-in page),
// they go: the next person at this browser sees no names of the last one's files, and could resume none of them anyway.
export const RESUMABLE_KEY_PREFIX = "tus::";

export function forgetResumableUploads(storage: Storage = window.localStorage): number {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(RESUMABLE_KEY_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
  return keys.length;
}
