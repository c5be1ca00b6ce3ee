// The rows of a move: every table in foreign-key order, then the verification, table by table.
import type { Database } from "@/lib/db";
import type { ModelTable } from "./models";
import { copyTable, countRows, storeMapping, tableDigest } from "./tables";

type RowsOptions = { source: Database; target: Database; models: ModelTable[]; movedTo: "s3" | null };

export async function copyRows({ source, target, models, movedTo }: RowsOptions): Promise<void> {
  const mapping = storeMapping(movedTo);
  for (const table of models) {
    const rows = await countRows(source, table);
    // A table the target holds whole was copied by an earlier run (the verification compares it anyway).
    if ((await countRows(target, table)) === rows) {
      console.log(`  ${table.model}: ${rows} row(s) already there`);
      continue;
    }
    const written = await copyTable(source, target, table, mapping);
    console.log(`  ${table.model}: ${rows} row(s)${written < rows ? ` (${rows - written} already there)` : ""}`);
  }
}

/** Compares every table's row count and digest; throws naming the tables that differ. */
export async function verifyRows({ source, target, models, movedTo }: RowsOptions): Promise<{ tables: number; rows: number }> {
  const mapping = storeMapping(movedTo);
  const differ: string[] = [];
  let rows = 0;
  for (const table of models) {
    const [expected, got] = await Promise.all([tableDigest(source, table, mapping), tableDigest(target, table)]);
    const same = expected.rows === got.rows && expected.digest === got.digest;
    console.log(`  ${table.model}: ${expected.rows} in the source, ${got.rows} in the target${same ? ", the same rows" : ", DIFFERENT"}`);
    if (!same) differ.push(table.model);
    rows += expected.rows;
  }
  if (differ.length > 0) {
    throw new Error(`the target's ${differ.join(", ")} differ from the source: drop the target database, create it empty and move again`);
  }
  return { tables: models.length, rows };
}
