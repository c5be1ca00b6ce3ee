// Direct changes to the Playwright server's database, for states the app itself never produces (a row
// it cannot read, to see the error page). Like e2e-admin.ts, it finds the databases of running e2e servers;
// a change keyed by a row's id lands only in the one database that has that row.
import { createRequire } from "node:module";
import { e2eDatabases } from "./e2e-admin";

// better-sqlite3 ships no types, and these two helpers need only this much of it.
type Statement = { run(...params: unknown[]): { changes: number }; pluck(): { get(...params: unknown[]): unknown } };
type SqliteDatabase = { prepare(sql: string): Statement; close(): void };
const Database = createRequire(__filename)("better-sqlite3") as new (
  file: string,
  options?: { readonly?: boolean; timeout?: number },
) => SqliteDatabase;

/** Runs `sql` with `params` on every running e2e server's database; answers how many rows it changed. */
export function changeE2eRows(sql: string, params: unknown[]): number {
  let changed = 0;
  for (const file of e2eDatabases()) {
    const db = new Database(file, { timeout: 5_000 });
    try {
      changed += db.prepare(sql).run(...params).changes;
    } finally {
      db.close();
    }
  }
  return changed;
}

/** One value of one row, from whichever running e2e server's database has the row. */
export function readE2eValue(sql: string, params: unknown[]): unknown {
  for (const file of e2eDatabases()) {
    const db = new Database(file, { readonly: true, timeout: 5_000 });
    try {
      const row = db
        .prepare(sql)
        .pluck()
        .get(...params);
      if (row !== undefined) return row;
    } finally {
      db.close();
    }
  }
  return undefined;
}
