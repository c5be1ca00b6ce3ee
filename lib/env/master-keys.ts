// STORAGE_MASTER_KEY holds one or more master keys, "id:base64url" separated by commas.
// The first wraps new data keys; the others still unwrap the keys they wrapped before a rotation.

export type MasterKey = { id: string; key: Buffer };

const ENTRY = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+={0,2})$/;

export function parseMasterKeys(value: string): MasterKey[] {
  const keys = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = ENTRY.exec(entry);
      if (!match) throw new Error('each entry must look like "id:base64url-key"');
      const key = Buffer.from(match[2], "base64url");
      if (key.length !== 32) throw new Error(`key "${match[1]}" must decode to 32 bytes, not ${key.length}`);
      return { id: match[1], key };
    });
  if (keys.length === 0) throw new Error("no key given");
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error("key ids must be unique");
  return keys;
}

export function formatMasterKeys(keys: MasterKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString("base64url")}`).join(",");
}
