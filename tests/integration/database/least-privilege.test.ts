// The app as a PostgreSQL role that may only read and write rows (README, "PostgreSQL": two roles). The schema owner
// (the harness's role) made the tables with `prisma migrate deploy`; a second role gets exactly the grants the README
// lists, and the server runs as it (start-up checks, the sweeper's first run, the mail loop included): signing up and
// in (rate-limit rows), uploading, sharing by link and downloading work, and the role cannot change the schema.
// SQLite has no roles: skipped there.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startServer, type TestServer } from "../../support/server";
import { createLink, member, uploadFile, visitor } from "../../support/sharing";
import { readBody } from "../../support/upload";

jest.setTimeout(180_000);

const onPostgres = (process.env.COFFER_TEST_DATABASE || "sqlite") === "postgresql";
const describePostgres = onPostgres ? describe : describe.skip;

describePostgres("the app as a role that only reads and writes rows (PostgreSQL)", () => {
  let server: TestServer;
  let appUrl: URL;
  const role = `coffer_app_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    const password = randomBytes(16).toString("hex");
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ name: string }>("SELECT current_database() AS name");
      // The grants the README lists, word for word.
      for (const statement of [
        `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`,
        `GRANT CONNECT ON DATABASE "${rows[0].name}" TO ${role}`,
        `GRANT USAGE ON SCHEMA public TO ${role}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
      ])
        await owner.query(statement);
    } finally {
      await owner.end();
    }
    appUrl = new URL(process.env.DATABASE_URL!);
    appUrl.username = role;
    appUrl.password = password;
    server = await startServer({ env: { DATABASE_URL: appUrl.toString(), TRUSTED_PROXIES: "127.0.0.1,::1" } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("serves sign-up, sign-in, uploads, links and downloads", async () => {
    const alice = await member(server);
    const bytes = randomBytes(200_000);
    const file = await uploadFile(alice, "report.bin", bytes);
    const link = await createLink(alice, file.id, { maxDownloads: 2 });
    const body = await readBody(await visitor(server, "203.0.113.9").get(link.downloadPath));
    expect(body.error).toBeUndefined();
    expect(body.received).toBe(bytes.length);
    // A wrong password is counted in the shared table, which the role may write.
    const stranger = visitor(server, "203.0.113.10");
    expect(await stranger.signIn(alice.username, "not the password at all")).toBe(false);
  });

  it("cannot change the schema", async () => {
    const app = new pg.Client({ connectionString: appUrl.toString() });
    await app.connect();
    try {
      await expect(app.query("CREATE TABLE intruder (id int)")).rejects.toThrow(/permission denied/);
      await expect(app.query('ALTER TABLE "User" ADD COLUMN intruder int')).rejects.toThrow(/must be owner/);
      await expect(app.query('DROP TABLE "rate_limit_counter"')).rejects.toThrow(/must be owner/);
    } finally {
      await app.end();
    }
  });

  it("logs no error (the start-up checks, the first sweep and the mail loop ran as the role) and no database password", () => {
    expect(server.logs()).toContain("blob store ready");
    expect(
      server
        .logs()
        .split("\n")
        .filter((line) => /"level":(50|60)/.test(line)),
    ).toEqual([]);
    expect(server.logs()).not.toContain(appUrl.password);
  });
});
