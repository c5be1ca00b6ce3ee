// What the target database holds before `npm run move` writes anything, and the move's marker: a table of its own,
// made after the migrations and before the first row, naming the source (the SHA-256 of its database file) and where
// the blobs go. A rerun that finds its own marker continues; anything else in the target is someone else's data and
// is refused. The marker goes once the copy is verified, so a finished target is an ordinary Coffer database.
import pg from "pg";

export const MARKER_TABLE = "_coffer_move";
const MIGRATIONS_TABLE = "_prisma_migrations";

export type Marker = { source: string; storage: string };
export type TargetState = { marker: Marker | null; refusal: string | null };

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Reads the target; writes nothing. `tables` are Coffer's table names. */
export function readTarget(url: string, tables: string[]): Promise<TargetState> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    const present = rows.map((row) => row.name);
    const foreign = present.filter((name) => !tables.includes(name) && name !== MIGRATIONS_TABLE && name !== MARKER_TABLE);
    if (foreign.length > 0) {
      return { marker: null, refusal: `it holds tables that are not Coffer's (${foreign.slice(0, 5).join(", ")})` };
    }
    if (present.includes(MARKER_TABLE)) {
      const found = await client.query<Marker>(`SELECT source, storage FROM ${quote(MARKER_TABLE)} LIMIT 1`);
      if (found.rows[0]) return { marker: found.rows[0], refusal: null };
    }
    for (const table of tables.filter((name) => present.includes(name))) {
      const { rows: some } = await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if (some.length > 0) return { marker: null, refusal: `its table ${table} holds rows` };
    }
    return { marker: null, refusal: null };
  });
}

/** The move's first write after the migrations: the marker, before any row or blob. */
export function writeMarker(url: string, marker: Marker): Promise<void> {
  return withClient(url, async (client) => {
    await client.query("BEGIN");
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quote(MARKER_TABLE)} (source text NOT NULL, storage text NOT NULL, started_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(`DELETE FROM ${quote(MARKER_TABLE)}`);
    await client.query(`INSERT INTO ${quote(MARKER_TABLE)} (source, storage) VALUES ($1, $2)`, [marker.source, marker.storage]);
    await client.query("COMMIT");
  });
}

/** The last write: the move is complete and verified. */
export function removeMarker(url: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query(`DROP TABLE IF EXISTS ${quote(MARKER_TABLE)}`);
  });
}
