// The one SQLite connection and interactive transactions: a query from elsewhere (another request) that
// arrives while a transaction is open must neither run inside it nor see its uncommitted writes.
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
