// Moving an instance (issue 21): `npm run move` copies a stopped SQLite + disk Coffer (users, sessions, two-factor,
// files with previews, shares, links with used-up counts, activity, audit) into an empty PostgreSQL database and, in
// the S3 configuration, the S3 test server, and the instance started on the target is the same one through HTTP:
// sign-in (two-factor still asked), the dashboard, every file byte-exact, link counts, shares. A target holding
// someone else's rows or blobs is refused before anything is written; a run killed mid-way continues on a rerun; the
// source's database file and storage folder are the same bytes afterwards. The source is made by
// tests/support/move-source.ts (imported first). The move needs a PostgreSQL target, which only the PostgreSQL
// configurations have (`pg_virtualenv`, scripts/test.mjs): on SQLite, only the refusals that need no target run.
import { moveTarget, movesStorage, onPostgres } from "../../support/move-source";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { storeNamed } from "@/lib/storage";
import { takeStartLock } from "../../../scripts/start-lock.mjs";
import { freePort } from "../../../scripts/throwaway-server.mjs";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createLink, linkCounts, member, shareFile, uploadFile, visitor, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { sampleImage } from "../../support/sample-images";
import { download, readBody, waitFor } from "../../support/upload";
import { codeStep, enrolTwoFactor, passwordStep, unusedCode, type Enrolled } from "../../support/two-factor";
import { RUN_DIR_VARIABLE } from "../../support/test-run";

jest.setTimeout(300_000);

const root = path.resolve(__dirname, "../../..");
const MB = 1024 * 1024;

type MoveRun = { code: number | null; signal: string | null; output: string };

/** `npm run move -- ARGS` as a process group of its own; `killOn` kills it (SIGKILL) when a line of its output matches. */
async function runMove(args: string[], opts: { cwd?: string; env?: Record<string, string>; killOn?: RegExp } = {}): Promise<MoveRun> {
  const port = String(await freePort());
  const child = spawn(
    path.join(root, "node_modules/.bin/tsx"),
    ["--tsconfig", path.join(root, "tsconfig.json"), "--conditions=react-server", path.join(root, "scripts/move.ts"), ...args],
    { cwd: opts.cwd ?? root, detached: true, env: { ...process.env, LOG_LEVEL: "silent", PORT: port, ...opts.env } },
  );
  let output = "";
  let killed = false;
  const take = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (opts.killOn && !killed && opts.killOn.test(output)) {
      killed = true;
      process.kill(-child.pid!, "SIGKILL");
    }
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output })));
}

let source: TestServer | undefined;
let target: TestServer | undefined;

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

it("refuses while the source runs: its port answers, or another process holds the folder's start lock", async () => {
  source = await startServer();
  const nowhere = "postgresql://coffer@127.0.0.1:1/never_contacted";
  const running = await runMove(["--database", nowhere], { env: { PORT: String(source.port) } });
  expect(running.output).toContain(`Coffer is running (port ${source.port} is taken): stop it before moving. Nothing was written.`);
  expect(running.code).toBe(1);
  await source.stop();
  source = undefined;

  const folder = fs.mkdtempSync(path.join(process.env[RUN_DIR_VARIABLE] ?? os.tmpdir(), "coffer-move-lock-"));
  const lock = takeStartLock(folder);
  if (lock.refused !== undefined) throw new Error(lock.refused);
  lock.note("serving", process.pid);
  try {
    const locked = await runMove(["--database", nowhere], { cwd: folder });
    expect(locked.output).toContain(`Coffer is already running from this folder (pid ${process.pid}): stop it before moving.`);
    expect(locked.code).toBe(1);
  } finally {
    fs.closeSync(lock.fd);
  }
  const usage = await runMove(["--database", "file:./data/other.db"]);
  expect(usage.output).toContain("--database must be a PostgreSQL URL");
  expect(usage.code).toBe(1);
});

/** SHA-256 over the source's database file and every file of its storage folder, names and bytes. */
function sourceDigest(): string {
  const hash = createHash("sha256");
  const database = process.env.DATABASE_URL!.slice("file:".length);
  for (const suffix of ["", "-wal", "-shm"])
    if (fs.existsSync(`${database}${suffix}`)) hash.update(suffix).update(fs.readFileSync(`${database}${suffix}`));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      hash.update(full);
      if (entry.isDirectory()) walk(full);
      else hash.update(fs.readFileSync(full));
    }
  };
  walk(process.env.STORAGE_DIR!);
  return hash.digest("hex");
}

const describeMove = onPostgres ? describe : describe.skip;

const moveTitle = onPostgres
  ? `moving into PostgreSQL${movesStorage ? " and S3" : " (database only: the blobs stay in the folder)"}`
  : "moving into PostgreSQL (skipped on SQLite: the target must be PostgreSQL, which only the PostgreSQL configurations provide)";

describeMove(moveTitle, () => {
  const adminUrl = () => {
    const url = new URL(moveTarget!.databaseUrl);
    url.pathname = "/postgres";
    return url.toString();
  };
  const databaseUrlOf = (name: string) => {
    const url = new URL(moveTarget!.databaseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  async function sql(url: string, text: string, values: unknown[] = []) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  }
  const tablesOf = async (url: string) =>
    (await sql(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")).map(
      (row: { name: string }) => row.name,
    );
  const storageArgs = movesStorage ? ["--storage", "s3"] : [];

  let owner: Member;
  let recipient: Member;
  let guarded: Member & Enrolled;
  const files: { id: string; name: string; data: Buffer; owner: () => Member }[] = [];
  let usedUp: { id: string; downloadPath: string };
  let partlyUsed: { id: string; downloadPath: string };
  let before: string;
  let freshName: string;
  let targetUrl: string;
  const targetLinkCount = async (id: string) =>
    ((await sql(targetUrl, 'SELECT "downloadCount" AS n FROM "Link" WHERE "id" = $1', [id])) as { n: number }[])[0].n;

  beforeAll(async () => {
    source = await startServer();
    owner = await member(source);
    recipient = await member(source);
    const third = await member(source);
    guarded = { ...third, ...(await enrolTwoFactor(third.client, third.password)) };
    const photo = await sampleImage("png");
    const own = (name: string, data: Buffer, who: () => Member = () => owner) => ({ name, data, owner: who });
    const wanted = [
      own("photo.png", photo),
      // Several blobs of a few MiB, so that a move killed after its first blob has more to do.
      ...Array.from({ length: 6 }, (_, i) => own(`part-${i}.bin`, bytesOf(`move-${i}`, 3 * MB + 1_000 * i))),
      own("notes.txt", Buffer.from("moved, not retyped\n")),
      own("recipients-own.bin", bytesOf("move-recipient", 200_000), () => recipient),
      own("guarded.bin", bytesOf("move-guarded", 100_000), () => guarded),
    ];
    for (const file of wanted) files.push({ ...file, id: (await uploadFile(file.owner(), file.name, file.data)).id });
    const photoId = files[0].id;
    // Its previews are made on first view and kept in the store.
    for (const route of ["thumbnail", "preview"]) expect((await owner.client.get(`/api/files/${photoId}/${route}`)).status).toBe(200);
    expect(await shareFile(owner.client, photoId, recipient.username)).toMatchObject({ ok: true });
    expect(await shareFile(owner.client, files[7].id, recipient.username)).toMatchObject({ ok: true });
    usedUp = await createLink(owner, files[7].id, { maxDownloads: 2 });
    for (let i = 0; i < 2; i++) expect((await readBody(await visitor(source).get(usedUp.downloadPath))).status).toBe(200);
    expect((await visitor(source).get(usedUp.downloadPath)).status).toBe(404);
    partlyUsed = await createLink(owner, files[1].id, { maxDownloads: 3 });
    expect((await readBody(await visitor(source).get(partlyUsed.downloadPath))).status).toBe(200);
    await source.stop();
    source = undefined;
    // This process's connection to the source lets go of it, so that the digest sees the file at rest.
    await db.$disconnect();
    before = sourceDigest();

    freshName = `coffer_move_target_${process.pid}_${Date.now()}`;
    await sql(adminUrl(), `CREATE DATABASE ${freshName}`);
    targetUrl = databaseUrlOf(freshName);
  });

  afterAll(async () => {
    await target?.stop();
    target = undefined;
    if (freshName) await sql(adminUrl(), `DROP DATABASE IF EXISTS ${freshName} WITH (FORCE)`);
  });

  it("refuses a target database that holds rows, and a bucket that holds blobs, and writes nothing to either", async () => {
    // The configuration's own database, migrated, with one row that is not the source's.
    await sql(moveTarget!.databaseUrl, `INSERT INTO "AppSetting" ("key", "value") VALUES ('someone', 'else')`);
    const tablesBefore = await tablesOf(moveTarget!.databaseUrl);
    const rows = await runMove(["--database", moveTarget!.databaseUrl, ...storageArgs]);
    expect(rows.output).toContain("is not empty: its table AppSetting holds rows");
    expect(rows.output).toContain("Nothing was written.");
    expect(rows.code).toBe(1);
    expect(await tablesOf(moveTarget!.databaseUrl)).toEqual(tablesBefore);
    expect(await sql(moveTarget!.databaseUrl, 'SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 0 }]);

    if (movesStorage) {
      const bucket = storeNamed("s3");
      const writer = await bucket.files.createWriter("someone-elses-blob", { maxBytes: 5 });
      await writer.write([Buffer.from("other")]);
      await writer.commit();
      try {
        const blobs = await runMove(["--database", targetUrl, "--storage", "s3"]);
        expect(blobs.output).toContain("is not empty: it holds a blob (someone-elses-blob)");
        expect(blobs.code).toBe(1);
        // Not even the migrations ran.
        expect(await tablesOf(targetUrl)).toEqual([]);
      } finally {
        await bucket.files.remove("someone-elses-blob");
      }
    }
  });

  const runsTitle = movesStorage
    ? "killed mid-way, continues on a rerun into its own partial target, verifies the copy and prints a summary"
    : "copies, verifies the copy and prints a summary (database only: no step long enough to be killed in reliably)";
  it(runsTitle, async () => {
    // Killed after its first blob: the rows are in, the marker too, and a multipart upload may be under way. (With the
    // database alone there is no step long enough to kill it in reliably: it runs once.)
    if (movesStorage) {
      const first = await runMove(["--database", targetUrl, ...storageArgs], { killOn: /blob 1\/\d+/ });
      expect({ signal: first.signal, finished: first.output.includes("Moved ") }).toEqual({ signal: "SIGKILL", finished: false });
      expect(await tablesOf(targetUrl)).toContain("_coffer_move");
    }

    const second = await runMove(["--database", targetUrl, ...storageArgs]);
    if (movesStorage) expect(second.output).toContain("Continuing the move into");
    expect(second.output).toMatch(/Moved \d+ row\(s\) of \d+ table\(s\)/);
    if (movesStorage) expect(second.output).toContain(`Moved ${files.length} blob(s) and 2 preview(s)`);
    expect(second.code).toBe(0);
    expect(await tablesOf(targetUrl)).not.toContain("_coffer_move");

    // Done is done: the target now holds rows, and a third run refuses it.
    const third = await runMove(["--database", targetUrl, ...storageArgs]);
    expect(third.output).toContain("is not empty");
    expect(third.code).toBe(1);
  });

  it("left the source's database file and storage folder as they were", () => {
    expect(sourceDigest()).toBe(before);
  });

  it("holds every table's rows on the target, with the files' store pointing at where the blobs went", async () => {
    const tables = ["User", "UserSession", "RecoveryCode", "File", "Share", "Link", "Activity", "AuditEvent", "MasterKey"];
    for (const table of tables) {
      const inSource = await (db[(table[0].toLowerCase() + table.slice(1)) as "user"] as unknown as { count(): Promise<number> }).count();
      const [{ n: inTarget }] = await sql(targetUrl, `SELECT count(*)::int AS n FROM "${table}"`);
      expect({ table, rows: inTarget }).toEqual({ table, rows: inSource });
      expect(inSource).toBeGreaterThan(0);
    }
    expect(await sql(targetUrl, `SELECT "store", count(*)::int AS n FROM "File" GROUP BY "store"`)).toEqual([
      { store: movesStorage ? "s3" : "local", n: files.length },
    ]);
    expect(await targetLinkCount(usedUp.id)).toBe(2);
  });

  it("serves the same instance from the target: sign-in with two-factor, the dashboard, every file byte-exact, link counts, shares", async () => {
    target = await startServer({ env: { DATABASE_URL: targetUrl, ...(movesStorage ? { STORAGE_DRIVER: "s3" } : {}) } });

    const ownerOnTarget = new Client(target.url);
    expect(await ownerOnTarget.signIn(owner.username, owner.password)).toBe(true);
    const dashboard = await (await ownerOnTarget.get("/dashboard")).text();
    for (const file of files.filter((f) => f.owner() === owner)) expect(dashboard).toContain(file.name);

    const guardedOnTarget = new Client(target.url);
    expect((await passwordStep(guardedOnTarget, guarded.username, guarded.password)).value).toEqual({
      ok: true,
      data: { twoFactor: true },
    });
    expect((await codeStep(guardedOnTarget, await unusedCode(guarded.id, guarded.secret), "/dashboard")).redirectTo).toBe("/dashboard");
    expect((await guardedOnTarget.session())?.user).toMatchObject({ id: guarded.id, twoFactor: true });

    const recipientOnTarget = new Client(target.url);
    expect(await recipientOnTarget.signIn(recipient.username, recipient.password)).toBe(true);
    const shared = await (await recipientOnTarget.get("/shared-with-me")).text();
    expect(shared).toContain("photo.png");
    expect(shared).toContain("notes.txt");

    const clients = new Map([
      [owner, ownerOnTarget],
      [recipient, recipientOnTarget],
      [guarded as Member, guardedOnTarget],
    ]);
    for (const file of files) {
      const got = await download(clients.get(file.owner())!, file.id);
      expect({ name: file.name, status: got.status, sha256: got.sha256 }).toEqual({
        name: file.name,
        status: 200,
        sha256: sha256(file.data),
      });
    }
    // The recipient reads what was shared with them; the preview came along.
    expect((await download(recipientOnTarget, files[0].id)).sha256).toBe(sha256(files[0].data));
    expect((await recipientOnTarget.get(`/api/files/${files[0].id}/thumbnail`)).status).toBe(200);

    // The used-up link stays used up; the other has the downloads it had left.
    expect((await visitor(target).get(usedUp.downloadPath)).status).toBe(404);
    for (let i = 0; i < 2; i++)
      expect((await readBody(await visitor(target).get(partlyUsed.downloadPath))).sha256).toBe(sha256(files[1].data));
    expect((await visitor(target).get(partlyUsed.downloadPath)).status).toBe(404);
    expect(await linkCounts(partlyUsed.id)).toMatchObject({ downloadCount: 1 });
    expect(await waitFor(async () => (await targetLinkCount(partlyUsed.id)) === 3, 10_000)).toBe(true);
  });
});
