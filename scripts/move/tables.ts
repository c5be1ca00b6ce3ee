// Rows, through the Prisma clients of both databases: each provider's client maps its column types to the same
// JavaScript values (Date, bigint, boolean…), so a row read from SQLite is written to PostgreSQL as it is. A table is
// read in batches along its key (a cursor, never all rows at once) and written with createMany, skipping rows the
// target already holds: a rerun after an interruption writes what is missing and nothing twice.
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db";
import type { ModelTable } from "./models";

const BATCH = 500;
type Row = Record<string, unknown>;
type Delegate = {
  findMany(args: object): Promise<Row[]>;
  count(): Promise<number>;
  createMany(args: { data: Row[]; skipDuplicates: boolean }): Promise<{ count: number }>;
};

const delegateOf = (client: Database, table: ModelTable) => (client as unknown as Record<string, Delegate>)[table.delegate];

/** The table's rows in batches, ordered by its key. */
async function* batches(client: Database, table: ModelTable): AsyncGenerator<Row[]> {
  const orderBy = table.key.map((field) => ({ [field]: "asc" }));
  let cursor: Row | undefined;
  for (;;) {
    const rows = await delegateOf(client, table).findMany({ orderBy, take: BATCH, ...(cursor ? { cursor, skip: 1 } : {}) });
    if (rows.length > 0) yield rows;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1];
    cursor =
      table.key.length === 1
        ? { [table.key[0]]: last[table.key[0]] }
        : { [table.key.join("_")]: Object.fromEntries(table.key.map((field) => [field, last[field]])) };
  }
}

/** What a source row becomes in the target: the same, with `store` naming the target's store when blobs moved. */
export type RowMapping = (table: ModelTable, row: Row) => Row;

export function storeMapping(movedTo: "s3" | null): RowMapping {
  return (table, row) => (movedTo && table.hasStore && row.store === "local" ? { ...row, store: movedTo } : row);
}

export async function countRows(client: Database, table: ModelTable): Promise<number> {
  return delegateOf(client, table).count();
}

/** Copies what the target lacks of one table; answers how many rows it wrote. */
export async function copyTable(source: Database, target: Database, table: ModelTable, mapping: RowMapping): Promise<number> {
  let written = 0;
  for await (const rows of batches(source, table)) {
    const { count } = await delegateOf(target, table).createMany({ data: rows.map((row) => mapping(table, row)), skipDuplicates: true });
    written += count;
  }
  return written;
}

function canonical(row: Row): string {
  const value = (v: unknown) =>
    v instanceof Date
      ? `date:${v.toISOString()}`
      : typeof v === "bigint"
        ? `bigint:${v}`
        : v instanceof Uint8Array
          ? `bytes:${Buffer.from(v).toString("base64")}`
          : v;
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((name) => [name, value(row[name])]),
  );
}

const MASK = (1n << 256n) - 1n;

/**
 * How many rows the table holds and a digest of all of them that does not depend on their order (the sum of each
 * row's SHA-256): the two databases sort text differently, and the digest must not care.
 */
export async function tableDigest(client: Database, table: ModelTable, mapping?: RowMapping): Promise<{ rows: number; digest: string }> {
  let rows = 0;
  let sum = 0n;
  for await (const batch of batches(client, table)) {
    for (const row of batch) {
      const hash = createHash("sha256")
        .update(canonical(mapping ? mapping(table, row) : row))
        .digest("hex");
      sum = (sum + BigInt(`0x${hash}`)) & MASK;
      rows++;
    }
  }
  return { rows, digest: sum.toString(16).padStart(64, "0") };
}
