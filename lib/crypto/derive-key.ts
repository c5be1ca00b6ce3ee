// Keys for things that belong to a file, derived from the file's own data key (HKDF-SHA-256), so they need no
// wrapped copy of their own: a master-key rotation re-wraps the data key and they follow, and deleting the
// file's row (and with it its wrapped key) leaves them unreadable.
import { hkdfSync } from "node:crypto";

/** A 256-bit key for one purpose of one file ("preview:thumbnail"); different purposes never share a key. */
export function deriveFileSubkey(dataKey: Buffer, purpose: string): Buffer {
  if (dataKey.length !== 32) throw new RangeError("data key must be 32 bytes");
  return Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), `coffer-file-subkey-v1:${purpose}`, 32));
}
