// The command-line client (bin/coffer.mjs) against a real server, as a script would run it: login stores the URL
// and token 0600 in a 0700 folder; an upload killed midway (SIGKILL) and run again goes on where the server stands;
// a download is byte-exact and resumes a partial file; a bad token is exit code 2 and never printed.
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { cliHome, countingProxy, makeToken, runCli, startCli, waitFor, type CountingProxy } from "../../support/cli";

jest.setTimeout(180_000);

const MiB = 1024 * 1024;

let server: TestServer;
let proxy: CountingProxy;
let home: ReturnType<typeof cliHome>;
let owner: Member;
let token: string;
beforeAll(async () => {
  // A lease of 20 s: the server records where a PATCH stands every 5 s while it runs (the checkpoint the test waits for).
  server = await startServer({ env: { UPLOAD_LEASE_SECONDS: "20" } });
  proxy = await countingProxy(Number(new URL(server.url).port));
  home = cliHome();
  owner = await member(server);
  token = await makeToken(owner, ["files:read", "files:write", "shares:write"]);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  home?.remove();
});

const env = () => ({ COFFER_URL: proxy.url, COFFER_TOKEN: token });
const noToken = (run: { stdout: string; stderr: string }) => {
  expect(run.stdout).not.toContain(token);
  expect(run.stderr).not.toContain(token);
  expect(`${run.stdout}${run.stderr}`).not.toContain(token.slice("coffer_pat_".length, 30));
};

describe("login", () => {
  it("checks the URL and token and stores them 0600 in a 0700 folder, printing no token", async () => {
    const run = await runCli(["login", "--url", server.url, "--token", token], { home: home.dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    noToken(run);
    const dir = path.join(home.config, "coffer");
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const file = path.join(dir, "config.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ url: server.url, token });
    // The stored login is enough to work with (no environment).
    const uploaded = path.join(home.dir, "hello.txt");
    fs.writeFileSync(uploaded, "hello from the stored login\n");
    const upload = await runCli(["upload", uploaded, "--json"], { home: home.dir });
    expect(upload.code).toBe(0);
    const [file1] = JSON.parse(upload.stdout);
    expect((await db.file.findUniqueOrThrow({ where: { id: file1.id } })).ownerId).toBe(owner.id);
  });

  it("reads the token from stdin when it is not a terminal, and tightens a folder it finds open", async () => {
    const other = cliHome();
    try {
      fs.mkdirSync(path.join(other.config, "coffer"), { recursive: true, mode: 0o755 });
      const run = await runCli(["login", "--url", server.url, "--json"], { home: other.dir, stdin: `${token}\n` });
      expect(run.code).toBe(0);
      noToken(run);
      expect(fs.statSync(path.join(other.config, "coffer")).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(other.config, "coffer", "config.json")).mode & 0o777).toBe(0o600);
    } finally {
      other.remove();
    }
  });
});

describe("a bad token", () => {
  const bad = `coffer_pat_${"Zq9".repeat(14)}x`;
  const prints = (run: { stdout: string; stderr: string }) => `${run.stdout}${run.stderr}`;

  it("is refused by login with the auth code, printed nowhere, and nothing is stored", async () => {
    const other = cliHome();
    try {
      const run = await runCli(["login", "--url", server.url, "--token", bad], { home: other.dir });
      expect(run.code).toBe(2);
      expect(prints(run)).not.toContain(bad);
      expect(prints(run)).not.toContain("Zq9Zq9");
      expect(fs.existsSync(path.join(other.config, "coffer", "config.json"))).toBe(false);
    } finally {
      other.remove();
    }
  });

  it.each([
    ["upload", () => ["upload", path.join(home.dir, "hello.txt")]],
    ["download", () => ["download", "someid", "--json"]],
  ])("makes %s exit with the auth code and print no token", async (_name, args) => {
    const run = await runCli(args(), { home: home.dir, env: { COFFER_URL: server.url, COFFER_TOKEN: bad } });
    expect(run.code).toBe(2);
    expect(prints(run)).not.toContain(bad);
    expect(prints(run)).not.toContain("Zq9Zq9");
  });

  it("in the environment wins over the stored login", async () => {
    const run = await runCli(["download", "someid"], { home: home.dir, env: { COFFER_TOKEN: bad } });
    expect(run.code).toBe(2);
  });
});

describe("upload and download", () => {
  const size = 24 * MiB;
  const data = bytesOf("cli-resume", size);
  let fileId: string;

  it("resumes an upload killed midway: the rerun goes on from the server's offset, not from 0", async () => {
    const file = path.join(home.dir, "big.bin");
    fs.writeFileSync(file, data);
    // Slow enough (2 MiB/s) that the upload is still under way when the server first records where it stands.
    proxy.throttle(2 * MiB);
    const first = startCli(["upload", file, "--json"], { home: home.dir, env: env() });
    const row = await waitFor("the server to record an offset", async () => {
      const found = await db.resumableUpload.findFirst({ where: { userId: owner.id, name: "big.bin" } });
      return found && found.offset > BigInt(0) ? found : null;
    });
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    // The server notices the connection is gone and records the whole segments it got.
    const stopped = await waitFor("the server to let go of the upload", async () => {
      const found = await db.resumableUpload.findUniqueOrThrow({ where: { id: row.id } });
      return found.lockedBy === null ? found : null;
    });
    const offsetAfterKill = Number(stopped.offset);
    expect(offsetAfterKill).toBeGreaterThan(0);
    expect(offsetAfterKill).toBeLessThan(size);
    expect(stopped.fileId).toBeNull();

    proxy.throttle(null);
    const before = proxy.sent();
    const second = await runCli(["upload", file, "--json"], { home: home.dir, env: env() });
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const [result] = JSON.parse(second.stdout);
    expect(result).toMatchObject({ name: "big.bin", size, resumed: true });
    fileId = result.id;

    // The same upload finished (no second one was made), and the rerun sent only what the server lacked.
    const uploads = await db.resumableUpload.findMany({ where: { userId: owner.id, name: "big.bin" } });
    expect(uploads.map((upload) => upload.id)).toEqual([row.id]);
    expect(uploads[0].fileId).toBe(fileId);
    const rerun = proxy.sent() - before;
    expect(rerun).toBeLessThan(size - offsetAfterKill + MiB);
    expect(proxy.sent()).toBeLessThan(2 * size);
    const stored = await db.file.findUniqueOrThrow({ where: { id: fileId } });
    expect(stored.sha256).toBe(sha256(data));
    expect(Number(stored.size)).toBe(size);
  });

  it("downloads byte-exact, checking the SHA-256", async () => {
    const out = path.join(home.dir, "copy.bin");
    const run = await runCli(["download", fileId, "-o", out, "--json"], { home: home.dir, env: env() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: fileId, path: out, size, sha256: sha256(data), resumed: false });
    expect(JSON.parse(run.stdout).verified).toBeTruthy();
    expect(sha256(fs.readFileSync(out))).toBe(sha256(data));
    // It does not overwrite a file that is there.
    const again = await runCli(["download", fileId, "-o", out], { home: home.dir, env: env() });
    expect(again.code).toBe(1);
  });

  it("resumes a partial download with Range, and names the file after the server's name by default", async () => {
    const cwd = fs.mkdtempSync(path.join(home.dir, "dl-"));
    const have = 10 * MiB + 12345;
    fs.writeFileSync(path.join(cwd, `big.bin.${fileId}.part`), data.subarray(0, have));
    const before = Date.now();
    const run = await runCli(["download", fileId, "--json"], { home: home.dir, env: env(), cwd });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ resumed: true, size });
    expect(sha256(fs.readFileSync(path.join(cwd, "big.bin")))).toBe(sha256(data));
    expect(fs.readdirSync(cwd)).toEqual(["big.bin"]);
    expect(Date.now() - before).toBeLessThan(60_000);
  });

  it("refuses a partial file of other bytes: the whole check fails, the part is removed, exit 6", async () => {
    const cwd = fs.mkdtempSync(path.join(home.dir, "dl-"));
    const wrong = Buffer.from(data.subarray(0, 5 * MiB));
    wrong[100] ^= 1;
    fs.writeFileSync(path.join(cwd, `big.bin.${fileId}.part`), wrong);
    const run = await runCli(["download", fileId], { home: home.dir, env: env(), cwd });
    expect(run.code).toBe(6);
    expect(fs.readdirSync(cwd)).toEqual([]);
    const rerun = await runCli(["download", fileId], { home: home.dir, env: env(), cwd });
    expect(rerun.code).toBe(0);
    expect(sha256(fs.readFileSync(path.join(cwd, "big.bin")))).toBe(sha256(data));
  });

  it("writes to stdout with -o -", async () => {
    const text = path.join(home.dir, "piped.txt");
    fs.writeFileSync(text, "piped through stdout\n");
    const [uploaded] = JSON.parse((await runCli(["upload", text, "--json"], { home: home.dir, env: env() })).stdout);
    const run = await runCli(["download", uploaded.id, "-o", "-"], { home: home.dir, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("piped through stdout\n");
  });

  it("answers 3 for a file that is not there, and 1 for a file to upload that is not there", async () => {
    expect((await runCli(["download", "nosuchfileid"], { home: home.dir, env: env() })).code).toBe(3);
    expect((await runCli(["upload", path.join(home.dir, "missing.bin")], { home: home.dir, env: env() })).code).toBe(1);
  });
});
