// Run at start-up: a missing or wrong master key stops the app instead of serving garbage, or letting two-factor
// users find out at sign-in that their secret can no longer be opened.
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { env } from "@/lib/env";
import { keyCheckValue } from "./key-wrap";
import { countSealedValues } from "./sealed-values";

export async function verifyMasterKeys(): Promise<void> {
  const keys = env().STORAGE_MASTER_KEY;
  for (const key of keys) {
    // An upsert that changes nothing when the key is known: two servers starting at once both register a new key, and
    // whichever wrote first, both then compare against what is stored.
    // Prisma runs an upsert with nothing to update as a read, then an insert: on PostgreSQL the second server's insert
    // can then meet the first's row (a unique violation), and the row it met is the one to compare against.
    const row = await db.masterKey
      .upsert({
        where: { id: key.id },
        create: { id: key.id, checkValue: keyCheckValue(key.key) },
        update: {},
      })
      .catch(async (error: unknown) => {
        if (isUniqueViolation(error)) return db.masterKey.findUniqueOrThrow({ where: { id: key.id } });
        throw error;
      });
    if (row.checkValue !== keyCheckValue(key.key)) {
      throw new Error(
        `STORAGE_MASTER_KEY: the key named "${key.id}" is not the key that wrapped this installation's data. Restore the original value.`,
      );
    }
  }
  const inUse = await db.file.findMany({ distinct: ["masterKeyId"], select: { masterKeyId: true } });
  const missing = inUse.map((f) => f.masterKeyId).filter((id) => !keys.some((k) => k.id === id));
  if (missing.length > 0) {
    throw new Error(`STORAGE_MASTER_KEY lacks the key(s) ${missing.map((id) => `"${id}"`).join(", ")} that wrap stored files.`);
  }
  for (const { label, byKey } of await countSealedValues()) {
    const lacking = [...byKey].filter(([id]) => !keys.some((k) => k.id === id));
    if (lacking.length === 0) continue;
    const count = lacking.reduce((sum, [, n]) => sum + n, 0);
    throw new Error(
      `STORAGE_MASTER_KEY lacks the key(s) ${lacking.map(([id]) => `"${id}"`).join(", ")} that seal ${count} ${label}(s). ` +
        "Put the key(s) back, restart, and run `npm run keys -- promote <active key id>` to re-seal them; a key can go once " +
        "`npm run keys -- status` says it can be removed.",
    );
  }
}
