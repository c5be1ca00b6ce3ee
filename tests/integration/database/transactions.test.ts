// The one SQLite connection and interactive transactions: a query from elsewhere (another request) that
// arrives while a transaction is open must neither run inside it nor see its uncommitted writes.
import { spawn } from "node:child_process";
import { db } from "@/lib/db";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("a write made while another request's transaction is open survives that transaction's rollback", async () => {
  const transaction = db.$transaction(async (tx) => {
    await tx.appSetting.create({ data: { key: "written-inside", value: "1" } });
    await pause(300); // the other request's write arrives now
    throw new Error("the transaction fails");
  });
  await pause(50);
  await db.appSetting.create({ data: { key: "written-outside", value: "1" } });
  await expect(transaction).rejects.toThrow("the transaction fails");
  expect(await db.appSetting.findUnique({ where: { key: "written-outside" } })).toMatchObject({ value: "1" });
  expect(await db.appSetting.findUnique({ where: { key: "written-inside" } })).toBeNull();
});

it("a read made while a transaction is open does not see its uncommitted writes", async () => {
  let readDuring: unknown = "not read";
  const transaction = db.$transaction(async (tx) => {
    await tx.appSetting.create({ data: { key: "uncommitted", value: "1" } });
    await pause(300);
    throw new Error("rolled back");
  });
  await pause(50);
  readDuring = await db.appSetting.findUnique({ where: { key: "uncommitted" } });
  await expect(transaction).rejects.toThrow("rolled back");
  expect(readDuring).toBeNull();
});

it("transactions that commit keep their writes, and queries after them see them", async () => {
  await db.$transaction(async (tx) => {
    await tx.appSetting.create({ data: { key: "committed", value: "1" } });
  });
  expect(await db.appSetting.findUnique({ where: { key: "committed" } })).toMatchObject({ value: "1" });
});

it("many concurrent transactions and single writes all land", async () => {
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? db.$transaction(async (tx) => {
            await tx.appSetting.create({ data: { key: `tx-${i}`, value: "1" } });
            await pause(5);
            await tx.appSetting.update({ where: { key: `tx-${i}` }, data: { value: "2" } });
          })
        : db.appSetting.create({ data: { key: `single-${i}`, value: "1" } }),
    ),
  );
  expect(await db.appSetting.count({ where: { key: { startsWith: "tx-" }, value: "2" } })).toBe(20);
  expect(await db.appSetting.count({ where: { key: { startsWith: "single-" } } })).toBe(20);
});

// Another process on the same SQLite file (a maintenance script, a second server started at the same moment): its
// own connection, so its own locks. A transaction that read before the other process committed could not write
// afterwards (SQLITE_BUSY at once, which Prisma reports as "Operation has timed out"); it now holds the write
// lock from its start, and the other process waits for it instead.
const onSqlite = (process.env.COFFER_TEST_DATABASE || "sqlite") === "sqlite";

/** Runs a write in a process of its own, holding the write lock for `holdMs`; answers its exit code. */
function writeFromAnotherProcess(key: string, holdMs = 0): { started: Promise<void>; done: Promise<number | null> } {
  const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1], { timeout: 10000 });
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO AppSetting (key, value) VALUES (?, '1')").run(process.argv[2]);
    process.stdout.write("locked\\n");
    const until = Date.now() + Number(process.argv[3]);
    while (Date.now() < until) {}
    db.exec("COMMIT");
  `;
  const child = spawn(process.execPath, ["-e", script, file, key, String(holdMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const started = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const done = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { started, done };
}

(onSqlite ? it : it.skip)(
  "on SQLite, a transaction that read before another process's write still writes: the other process waits for it",
  async () => {
    let other: ReturnType<typeof writeFromAnotherProcess> | undefined;
    await db.$transaction(async (tx) => {
      await tx.appSetting.findMany();
      other = writeFromAnotherProcess("from-another-process");
      await pause(1_000); // long enough for the other process to write and commit, were it not waiting
      await tx.appSetting.create({ data: { key: "from-this-transaction", value: "1" } });
    });
    expect(await other!.done).toBe(0);
    const keys = (await db.appSetting.findMany({ where: { key: { startsWith: "from-" } } })).map(({ key }) => key);
    expect(keys.sort()).toEqual(["from-another-process", "from-this-transaction"]);
  },
);

(onSqlite ? it : it.skip)(
  "on SQLite, a transaction that cannot have the write lock within the busy timeout fails and leaves the connection usable",
  async () => {
    const other = writeFromAnotherProcess("held-long", 12_000); // past the 10 s busy timeout
    await other.started;
    await expect(db.$transaction(async (tx) => tx.appSetting.create({ data: { key: "never", value: "1" } }))).rejects.toThrow();
    expect(await other.done).toBe(0);
    // Not left inside a transaction: a write and a transaction afterwards land and are seen.
    await db.appSetting.create({ data: { key: "after-single", value: "1" } });
    await db.$transaction(async (tx) => tx.appSetting.create({ data: { key: "after-transaction", value: "1" } }));
    const keys = (
      await db.appSetting.findMany({ where: { key: { in: ["never", "held-long", "after-single", "after-transaction"] } } })
    ).map(({ key }) => key);
    expect(keys.sort()).toEqual(["after-single", "after-transaction", "held-long"]);
  },
  30_000,
);
