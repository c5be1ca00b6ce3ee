// The test harness gives this file the database its configuration asks for (COFFER_TEST_DATABASE), made by the
// provider's own migrations, and the app's client talks to it.
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";

const provider = process.env.COFFER_TEST_DATABASE || "sqlite";

it(`this file's database is ${provider}, made by that provider's migrations`, async () => {
  expect(process.env.DATABASE_URL).toMatch(provider === "postgresql" ? /^postgresql:\/\// : /^file:/);
  const version =
    provider === "postgresql"
      ? (await db.$queryRaw<{ v: string }[]>`SELECT version() AS v`)[0].v
      : (await db.$queryRaw<{ v: string }[]>`SELECT sqlite_version() AS v`)[0].v;
  expect(version).toMatch(provider === "postgresql" ? /^PostgreSQL \d+/ : /^3\.\d+/);
  const applied = await db.$queryRaw<
    { name: string }[]
  >`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
  const folder = path.resolve(__dirname, "../../../prisma", provider, "migrations");
  const committed = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(applied.map((row) => row.name).sort()).toEqual(committed.sort());
});

it("reads and writes through the app's client", async () => {
  await db.appSetting.create({ data: { key: "provider-check", value: provider } });
  expect(await db.appSetting.findUnique({ where: { key: "provider-check" } })).toMatchObject({ value: provider });
});
