// Every column of the database that holds values sealed with a master key (lib/crypto/seal-secret.ts), in one
// list. `npm run keys -- promote` re-seals each of them with the new active key, `keys status` counts them per key,
// and start-up refuses to serve while one names a key that is not configured (lib/crypto/verify-master-keys.ts).
// To seal something new: add its column here (the value and the id of the key beside it, both nullable), and seal
// and open it with sealSecret/openSecret under that name. docs/decisions/041.
import "server-only";
import { db } from "@/lib/db";
import type { MasterKey } from "@/lib/env/master-keys";
import type { Prisma } from "@/lib/db";
import { openSecretWith, sealSecretWith } from "./seal-secret";

export type SealedColumn = {
  /** What one value is, for messages: "two-factor secret" (counted as "2 two-factor secret(s)"). */
  label: string;
  /** The Prisma model (its client property) and its fields: the row's id, the sealed value, the key's id. */
  model: Uncapitalize<Prisma.ModelName>;
  id: string;
  value: string;
  keyId: string;
  /** Bound into the seal, so that a value sealed for one use never opens as another. Never change it. */
  purpose: string;
};

export const SEALED_COLUMNS = {
  twoFactorSecret: {
    label: "two-factor secret",
    model: "user",
    id: "id",
    value: "twoFactorSecret",
    keyId: "twoFactorKeyId",
    purpose: "totp",
  },
  // What a queued mail says (lib/outbox/enqueue-mail.ts).
  outboxPayload: { label: "queued mail", model: "outboxMail", id: "id", value: "payload", keyId: "payloadKeyId", purpose: "outbox-mail" },
  // A public link's token, for copying the link again (lib/links/sealed-token.ts, docs/decisions/056).
  linkToken: { label: "link token", model: "link", id: "id", value: "sealedToken", keyId: "tokenKeyId", purpose: "link-token" },
  // A file request's token, for copying the request's link again (lib/requests/sealed-token.ts, docs/decisions/079).
  requestToken: {
    label: "file request token",
    model: "fileRequest",
    id: "id",
    value: "sealedToken",
    keyId: "tokenKeyId",
    purpose: "file-request-token",
  },
} as const satisfies Record<string, SealedColumn>;

export type SealedColumnName = keyof typeof SEALED_COLUMNS;

type Row = Record<string, string | null>;
/** The few calls made on a model, whichever model it is. */
type Table = {
  groupBy(args: object): Promise<(Row & { _count: number })[]>;
  findMany(args: object): Promise<Row[]>;
  updateMany(args: object): Promise<{ count: number }>;
};

const table = (column: SealedColumn) => db[column.model] as unknown as Table;
const columns = () => Object.values(SEALED_COLUMNS) as SealedColumn[];

/** Per column, how many values each key id seals (key ids no configured key has included). */
export async function countSealedValues(): Promise<{ label: string; byKey: Map<string, number> }[]> {
  return Promise.all(
    columns().map(async (column) => {
      const rows = await table(column).groupBy({ by: [column.keyId], where: { [column.value]: { not: null } }, _count: true });
      return { label: column.label, byKey: new Map(rows.map((row) => [row[column.keyId] ?? "(none)", row._count])) };
    }),
  );
}

const BATCH = 25;

/** Re-seals every registered value from any of `keys` with `next`, each row only if nobody changed it meanwhile. */
export async function resealAll(opts: { keys: MasterKey[]; next: MasterKey }): Promise<{ label: string; resealed: number }[]> {
  const done = [];
  for (const column of columns()) {
    let resealed = 0;
    for (;;) {
      const rows = await table(column).findMany({
        where: { [column.value]: { not: null }, [column.keyId]: { not: opts.next.id } },
        take: BATCH,
        select: { [column.id]: true, [column.value]: true, [column.keyId]: true },
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const old = opts.keys.find((key) => key.id === row[column.keyId]);
        if (!old) throw new Error(`a ${column.label} is sealed with master key "${row[column.keyId]}", which is not configured`);
        const secret = openSecretWith(old, row[column.value]!, column.purpose);
        const sealed = sealSecretWith(opts.next, secret, column.purpose);
        secret.fill(0);
        const updated = await table(column).updateMany({
          where: { [column.id]: row[column.id], [column.value]: row[column.value] },
          data: { [column.value]: sealed, [column.keyId]: opts.next.id },
        });
        resealed += updated.count;
      }
    }
    done.push({ label: column.label, resealed });
  }
  return done;
}
