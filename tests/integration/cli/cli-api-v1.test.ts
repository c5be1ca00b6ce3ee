// The CLI commands built on /api/v1 (ls, link, rm, upload --link) against a real server. They need the /api/v1
// routes (GET /api/v1/files, POST /api/v1/files/{id}/links, DELETE /api/v1/files/{id}); until those are merged
// this file fails with 404s, which is expected.
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, visitor, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { readBody } from "../../support/upload";
import { cliHome, makeToken, runCli } from "../../support/cli";

jest.setTimeout(120_000);

let server: TestServer;
let home: ReturnType<typeof cliHome>;
let owner: Member;
let token: string;
beforeAll(async () => {
  server = await startServer();
  home = cliHome();
  owner = await member(server);
  token = await makeToken(owner, ["files:read", "files:write", "shares:write"]);
});
afterAll(async () => {
  await server?.stop();
  home?.remove();
});

const cli = (args: string[]) => runCli(args, { home: home.dir, env: { COFFER_URL: server.url, COFFER_TOKEN: token } });

function write(name: string, data: Buffer) {
  const file = path.join(home.dir, name);
  fs.writeFileSync(file, data);
  return file;
}

it("ls --json lists what was uploaded, with id, name, size and SHA-256", async () => {
  const a = bytesOf("ls-a", 70_000);
  const b = bytesOf("ls-b", 1234);
  const up = await cli(["upload", write("a.bin", a), write("b.bin", b), "--json"]);
  expect(up.code).toBe(0);
  const uploaded = JSON.parse(up.stdout) as { id: string; name: string }[];
  expect(uploaded.map((file) => file.name)).toEqual(["a.bin", "b.bin"]);

  const run = await cli(["ls", "--json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const files = JSON.parse(run.stdout) as { id: string; name: string; size: number; sha256: string }[];
  expect(files).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ id: uploaded[0].id, name: "a.bin", size: a.length, sha256: sha256(a) }),
      expect.objectContaining({ id: uploaded[1].id, name: "b.bin", size: b.length, sha256: sha256(b) }),
    ]),
  );
  expect(run.stdout).not.toContain(token);
  // Sorted as asked.
  const paged = await cli(["ls", "--json", "--sort", "name", "--order", "asc"]);
  expect((JSON.parse(paged.stdout) as { name: string }[]).map((file) => file.name)).toEqual(["a.bin", "b.bin"]);
});

it("link makes a link a visitor can download from, with the expiry and limit asked for", async () => {
  const data = bytesOf("cli-link", 200_000);
  const [file] = JSON.parse((await cli(["upload", write("shared.bin", data), "--json"])).stdout) as { id: string }[];
  const run = await cli(["link", file.id, "--expires", "7d", "--limit", "3", "--json"]);
  expect(run.code).toBe(0);
  const link = JSON.parse(run.stdout) as { id: string; url: string; expiresAt: string; maxDownloads: number };
  expect(link.maxDownloads).toBe(3);
  const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThan(7.1);
  const row = await db.link.findUniqueOrThrow({ where: { id: link.id } });
  expect(row).toMatchObject({ fileId: file.id, maxDownloads: 3, passwordHash: null });

  const linkPath = new URL(link.url).pathname;
  const guest = visitor(server);
  expect((await guest.get(linkPath)).status).toBe(200);
  const got = await readBody(await guest.get(`${linkPath}/download`));
  expect(got.sha256).toBe(sha256(data));
});

it("upload --link --password makes a password-protected link to each file", async () => {
  const run = await cli([
    "upload",
    write("secret.txt", Buffer.from("secret\n")),
    "--link",
    "--password",
    "correct horse battery",
    "--json",
  ]);
  expect(run.code).toBe(0);
  const [result] = JSON.parse(run.stdout) as { id: string; link: { id: string; url: string } }[];
  expect(result.link.url).toMatch(/^http:\/\/localhost:\d+\/s\//);
  expect(run.stdout).not.toContain("correct horse battery");
  const row = await db.link.findUniqueOrThrow({ where: { id: result.link.id } });
  expect(row.fileId).toBe(result.id);
  expect(row.passwordHash).not.toBeNull();
});

it("link refuses an option the server refuses, with exit 7, and a file that is not there with 3", async () => {
  const [file] = JSON.parse((await cli(["upload", write("x.txt", Buffer.from("x")), "--json"])).stdout) as { id: string }[];
  expect((await cli(["link", file.id, "--password", "x"])).code).toBe(7);
  expect((await cli(["link", "nosuchfileid"])).code).toBe(3);
  // Refused before anything is sent: not a number of days.
  expect((await cli(["link", file.id, "--expires", "soon"])).code).toBe(1);
});

it("rm deletes the file: download then answers 3", async () => {
  const [file] = JSON.parse((await cli(["upload", write("gone.txt", Buffer.from("gone")), "--json"])).stdout) as { id: string }[];
  const run = await cli(["rm", file.id, "--json"]);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ id: file.id, deleted: true });
  expect(await db.file.findUnique({ where: { id: file.id } })).toBeNull();
  expect((await cli(["rm", file.id])).code).toBe(3);
  expect((await cli(["download", file.id])).code).toBe(3);
});
