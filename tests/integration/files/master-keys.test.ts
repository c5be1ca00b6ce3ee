// Master keys over the real server and the real `npm run keys`: a wrong or missing key stops the server at
// start-up; rotation takes two phases (add a secondary, restart, promote) and refuses to promote a key no
// running server has, or one the operator has not confirmed storing when it lives in the process
// environment; files uploaded before and after a rotation both read back; the start-up sweep removes what
// no upload holds. The tests share this file's database and run in order.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { createUser } from "../../support/factories";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { download, uploadOk } from "../../support/upload";
import { hasBlob, leaveUnfinishedWrite, readStoredBlob, storageDriver, unfinishedWrites, writeStoredBlob } from "../../support/storage";
import { readEnvValue } from "../../../scripts/env-file";
import { openSecretWith, sealSecretWith } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";
import { hashLinkToken, newLinkToken } from "@/lib/links/token";
import { parseMasterKeys } from "@/lib/env/master-keys";
import { verifyMasterKeys } from "@/lib/crypto/verify-master-keys";
import { codeStep, enrolTwoFactor, passwordStep, unusedCode } from "../../support/two-factor";

jest.setTimeout(180_000);

const root = path.resolve(__dirname, "../../..");
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const originalKeys = process.env.STORAGE_MASTER_KEY!;
/** The key list the server needs now: each rotation test leaves the next one the list it ended with. */
let latestKeys = originalKeys;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function signedIn(url: string, user: { username: string; password: string }) {
  const client = new Client(url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return client;
}

/** Runs `npm run keys -- …`; the master key comes from `fromProcess` (the process environment) or the file. */
function keys(args: string[], opts: { fromProcess?: string } = {}): { code: number; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  delete env.STORAGE_MASTER_KEY;
  if (opts.fromProcess) env.STORAGE_MASTER_KEY = opts.fromProcess;
  const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/keys.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env,
  });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

function readKeys(envFile: string): string {
  return readEnvValue(envFile, "STORAGE_MASTER_KEY")!;
}

test("two servers starting at once on a new database both pass the key check (each registers the same key)", async () => {
  // Two nodes' start-up checks, interleaved on one database: both find the key unregistered, both register it.
  expect(await db.masterKey.count()).toBe(0);
  await expect(Promise.all([verifyMasterKeys(), verifyMasterKeys()])).resolves.toEqual([undefined, undefined]);
  expect(await db.masterKey.count()).toBe(1);
  // And as processes: two servers started together both come up.
  const started = await Promise.allSettled([startServer(), startServer()]);
  for (const one of started) if (one.status === "fulfilled") await one.value.stop();
  expect(started.map((one) => one.status)).toEqual(["fulfilled", "fulfilled"]);
});

test("a wrong master key stops the server at start-up with a clear message", async () => {
  const user = await createUser();
  server = await startServer();
  await uploadOk(await signedIn(server.url, user), [{ filename: "kept.bin", data: randomBytes(1000) }]);
  await server.stop();
  server = undefined;

  const [id] = originalKeys.split(":");
  const wrong = `${id}:${randomBytes(32).toString("base64url")}`;
  await expect(startServer({ env: { STORAGE_MASTER_KEY: wrong } })).rejects.toThrow(/is not the key that wrapped this installation's data/);
});

test("a missing master key stops the server at start-up and names the key", async () => {
  const [id] = originalKeys.split(":");
  const other = `other:${randomBytes(32).toString("base64url")}`;
  await expect(startServer({ env: { STORAGE_MASTER_KEY: other } })).rejects.toThrow(new RegExp(`lacks the key\\(s\\) "${id}"`));
  await expect(startServer({ env: { STORAGE_MASTER_KEY: "" } })).rejects.toThrow(/STORAGE_MASTER_KEY/);
});

test("rotation in two phases: add a secondary, restart, promote; every data key re-wrapped, files before and after read back", async () => {
  const user = await createUser();
  server = await startServer();
  const before = { name: "before.bin", data: randomBytes(200_000) };
  const [uploadedBefore] = await uploadOk(await signedIn(server.url, user), [{ filename: before.name, data: before.data }]);
  const rowBefore = await db.file.findUniqueOrThrow({ where: { id: uploadedBefore.id } });
  const blob = rowBefore.storageKey;
  const blobBefore = sha256(await readStoredBlob(blob));
  await server.stop();

  // The file as dotenv reads it: the last line that defines the variable counts, `export` and all.
  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-keys-")), ".env.local");
  fs.writeFileSync(envFile, `# keys\nSTORAGE_MASTER_KEY=stale:${"A".repeat(43)}\nOTHER=kept\nexport STORAGE_MASTER_KEY=${originalKeys}\n`, {
    mode: 0o600,
  });

  const added = keys(["add", "--dotenv", envFile]);
  expect(added.code).toBe(0);
  expect(added.output).toMatch(/Added master key "k\d{14}" as a secondary/);
  expect(added.output).not.toContain(originalKeys.split(":")[1]);
  const [active, newest] = readKeys(envFile).split(",");
  expect(active).toBe(originalKeys); // the active key is still the first
  const newId = newest.split(":")[0];
  const lines = fs.readFileSync(envFile, "utf8").split("\n");
  expect(lines[1]).toBe(`STORAGE_MASTER_KEY=stale:${"A".repeat(43)}`); // the line dotenv ignores is left alone
  expect(lines[2]).toBe("OTHER=kept");
  expect(fs.statSync(envFile).mode & 0o777).toBe(0o600);

  // No running server has the new key yet: promoting it would lock the owner out at the next restart.
  const early = keys(["promote", newId, "--dotenv", envFile]);
  expect(early.code).toBe(1);
  expect(early.output).toContain(`no running Coffer has seen key "${newId}"`);
  expect(readKeys(envFile).split(",")[0]).toBe(originalKeys);
  expect((await db.file.findUniqueOrThrow({ where: { id: uploadedBefore.id } })).wrappedKey).toBe(rowBefore.wrappedKey);

  // Restarted with both keys, the server registers the new one; promoted while it runs.
  server = await startServer({ env: { STORAGE_MASTER_KEY: readKeys(envFile) } });
  const promoted = keys(["promote", newId, "--dotenv", envFile]);
  expect(promoted.code).toBe(0);
  expect(promoted.output).toContain(`Re-wrapped ${await db.file.count()} file key(s) with "${newId}"`);
  expect(
    readKeys(envFile)
      .split(",")
      .map((k) => k.split(":")[0]),
  ).toEqual([newId, originalKeys.split(":")[0]]);
  const rowAfter = await db.file.findUniqueOrThrow({ where: { id: uploadedBefore.id } });
  expect(rowAfter.masterKeyId).toBe(newId);
  expect(rowAfter.wrappedKey).not.toBe(rowBefore.wrappedKey);
  // The content was not rewritten: only the wrapped key changed.
  expect(sha256(await readStoredBlob(blob))).toBe(blobBefore);
  await server.stop();
  const keyList = readKeys(envFile);
  latestKeys = keyList;

  // Leftovers the start-up sweep must remove, however young (no upload holds them): an unfinished write and the
  // blobs of deletes that were recorded and not done; and a blob an upload on another server is writing, which it
  // must leave (tests/integration/faults/sweep.test.ts and storage/routine-sweep.test.ts cover the rest).
  const staleWrite = `zw${"s".repeat(30)}`;
  const orphan = `zz${"o".repeat(30)}`;
  const freshOrphan = `zy${"f".repeat(30)}`;
  const elsewhere = `zx${"p".repeat(30)}`;
  await leaveUnfinishedWrite(staleWrite);
  await writeStoredBlob(orphan, "x");
  await writeStoredBlob(freshOrphan, "x");
  await writeStoredBlob(elsewhere, "x");
  for (const storageKey of [orphan, freshOrphan]) await db.blobDeletion.create({ data: { storageKey, store: storageDriver() } });
  await db.pendingBlob.create({
    data: { storageKey: elsewhere, userId: user.id, holder: "another-server", leaseUntil: new Date(Date.now() + 10 * 60_000) },
  });

  server = await startServer({ env: { STORAGE_MASTER_KEY: keyList } });
  const client = await signedIn(server.url, user);
  const old = await download(client, uploadedBefore.id);
  expect(old.status).toBe(200);
  expect(old.sha256).toBe(sha256(before.data));

  const after = { name: "after.bin", data: randomBytes(150_000) };
  const [uploadedAfter] = await uploadOk(client, [{ filename: after.name, data: after.data }]);
  expect((await db.file.findUniqueOrThrow({ where: { id: uploadedAfter.id } })).masterKeyId).toBe(newId);
  expect((await download(client, uploadedAfter.id)).sha256).toBe(sha256(after.data));

  expect((await unfinishedWrites()).map((write) => write.name)).not.toContain(staleWrite);
  expect(await hasBlob(orphan)).toBe(false);
  expect(await hasBlob(freshOrphan)).toBe(false);
  expect(await hasBlob(elsewhere)).toBe(true);
  expect(await hasBlob(blob)).toBe(true);
});

test("with the key in the process environment, nothing is written and promotion waits for the operator's word", async () => {
  const user = await createUser();
  const current = latestKeys;
  server = await startServer({ env: { STORAGE_MASTER_KEY: current } });
  const [file] = await uploadOk(await signedIn(server.url, user), [{ filename: "env.bin", data: randomBytes(10_000) }]);
  await server.stop();
  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-keys-")), ".env.local");

  const added = keys(["add", "--dotenv", envFile], { fromProcess: current });
  expect(added.code).toBe(0);
  expect(added.output).toContain("comes from the process environment");
  expect(fs.existsSync(envFile)).toBe(false);
  const printed = /STORAGE_MASTER_KEY=(\S+)/.exec(added.output)![1];
  const newId = printed.split(",").at(-1)!.split(":")[0];

  server = await startServer({ env: { STORAGE_MASTER_KEY: printed } });
  const unconfirmed = keys(["promote", newId], { fromProcess: printed });
  expect(unconfirmed.code).toBe(1);
  expect(unconfirmed.output).toContain("--confirm-stored");
  expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).masterKeyId).not.toBe(newId);

  const confirmed = keys(["promote", newId, "--confirm-stored"], { fromProcess: printed });
  expect(confirmed.code).toBe(0);
  expect(confirmed.output).toContain(`with "${newId}"`);
  expect(await db.file.count({ where: { masterKeyId: { not: newId } } })).toBe(0);
  const reordered = /STORAGE_MASTER_KEY=(\S+)/.exec(confirmed.output)![1];
  latestKeys = reordered;
  await server.stop();
  server = await startServer({ env: { STORAGE_MASTER_KEY: reordered } });
  expect((await download(await signedIn(server.url, user), file.id)).status).toBe(200);
});

test("promotion re-seals two-factor secrets too: status counts them, the old key can then go, and codes and recovery codes still sign in", async () => {
  const current = latestKeys;
  const oldId = current.split(",")[0].split(":")[0];
  server = await startServer({ env: { STORAGE_MASTER_KEY: current } });
  const user = await createUser();
  const enrolled = await enrolTwoFactor(await signedIn(server.url, user), user.password);
  const sealedBefore = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorSecret: true, twoFactorKeyId: true } });
  expect(sealedBefore.twoFactorKeyId).toBe(oldId);
  await server.stop();
  // A second kind of sealed value, as the outbox writes it: a mail waiting to be sent, sealed with the active key.
  const facts = JSON.stringify({ username: user.username });
  const mail = await db.outboxMail.create({
    data: {
      kind: "test",
      recipient: "owner@example.org",
      payload: sealSecretWith(parseMasterKeys(current)[0], Buffer.from(facts), SEALED_COLUMNS.outboxPayload.purpose),
      payloadKeyId: oldId,
      nextAttemptAt: new Date(Date.now() + 24 * 60 * 60 * 1000),
    },
  });

  // And a third: a link's token, sealed so that its owner can copy the link again (docs/decisions/056).
  const token = newLinkToken();
  const link = await db.link.create({
    data: {
      fileId: (await db.file.findFirstOrThrow()).id,
      tokenHash: hashLinkToken(token),
      sealedToken: sealSecretWith(parseMasterKeys(current)[0], Buffer.from(token), SEALED_COLUMNS.linkToken.purpose),
      tokenKeyId: oldId,
    },
  });

  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-keys-")), ".env.local");
  fs.writeFileSync(envFile, `STORAGE_MASTER_KEY=${current}\n`, { mode: 0o600 });
  const statusBefore = keys(["status"], { fromProcess: current });
  expect(statusBefore.output).toMatch(new RegExp(`^${oldId} \\(active\\): \\d+ file\\(s\\), [1-9]\\d* two-factor secret\\(s\\)`, "m"));
  expect(keys(["add", "--dotenv", envFile]).code).toBe(0);
  const newId = readKeys(envFile).split(",").at(-1)!.split(":")[0];
  server = await startServer({ env: { STORAGE_MASTER_KEY: readKeys(envFile) } });
  const promoted = keys(["promote", newId, "--dotenv", envFile]);
  expect(promoted.code).toBe(0);
  expect(promoted.output).toMatch(/Re-sealed \d+ two-factor secret\(s\)/);
  expect(promoted.output).toMatch(/Re-sealed 1 queued mail\(s\)/);
  expect(promoted.output).toMatch(/Re-sealed 1 link token\(s\)/);
  await server.stop();

  // Nothing is left under any other key: status says so for each of them, and the secret was sealed anew.
  const sealedAfter = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { twoFactorSecret: true, twoFactorKeyId: true } });
  expect(sealedAfter.twoFactorKeyId).toBe(newId);
  expect(sealedAfter.twoFactorSecret).not.toBe(sealedBefore.twoFactorSecret);
  const mailAfter = await db.outboxMail.findUniqueOrThrow({ where: { id: mail.id } });
  expect(mailAfter.payloadKeyId).toBe(newId);
  const newKey = parseMasterKeys(readKeys(envFile)).find((k) => k.id === newId)!;
  expect(openSecretWith(newKey, mailAfter.payload!, SEALED_COLUMNS.outboxPayload.purpose).toString()).toBe(facts);
  const linkAfter = await db.link.findUniqueOrThrow({ where: { id: link.id } });
  expect(linkAfter.tokenKeyId).toBe(newId);
  expect(linkAfter.tokenHash).toBe(link.tokenHash);
  expect(openSecretWith(newKey, linkAfter.sealedToken!, SEALED_COLUMNS.linkToken.purpose).toString()).toBe(token);
  const status = keys(["status", "--dotenv", envFile]);
  for (const id of readKeys(envFile)
    .split(",")
    .map((k) => k.split(":")[0])
    .filter((id) => id !== newId)) {
    expect(status.output).toMatch(
      new RegExp(`^${id}: 0 file\\(s\\), 0 two-factor secret\\(s\\), 0 queued mail\\(s\\), 0 link token\\(s\\).*can be removed`, "m"),
    );
  }

  // The README's last step: the old keys go. The server starts, and both kinds of code still sign in.
  const onlyNew = readKeys(envFile)
    .split(",")
    .filter((k) => k.startsWith(`${newId}:`))
    .join(",");
  latestKeys = onlyNew;
  server = await startServer({ env: { STORAGE_MASTER_KEY: onlyNew } });
  const byApp = new Client(server.url);
  expect((await passwordStep(byApp, user.username, user.password)).value).toMatchObject({ ok: true, data: { twoFactor: true } });
  expect((await codeStep(byApp, await unusedCode(user.id, enrolled.secret))).redirectTo).toBe("/dashboard");
  const byRecovery = new Client(server.url);
  await passwordStep(byRecovery, user.username, user.password);
  expect((await codeStep(byRecovery, enrolled.recoveryCodes[0])).redirectTo).toBe("/dashboard");
});

test("start-up refuses while a two-factor secret is sealed with a key the environment lacks, and names it", async () => {
  const user = await db.user.findFirstOrThrow({ where: { twoFactorSecret: { not: null } } });
  await db.user.update({ where: { id: user.id }, data: { twoFactorKeyId: "k-retired" } });
  await expect(startServer({ env: { STORAGE_MASTER_KEY: latestKeys } })).rejects.toThrow(
    /lacks the key\(s\) "k-retired" that seal 1 two-factor secret\(s\)/,
  );
});

test("start-up refuses while a link's token is sealed with a key the environment lacks, and names it", async () => {
  // The previous test left a two-factor secret under a retired key: put it back, so this refusal is the link's.
  const [activeId] = latestKeys.split(":");
  await db.user.updateMany({ where: { twoFactorKeyId: "k-retired" }, data: { twoFactorKeyId: activeId } });
  const link = await db.link.findFirstOrThrow({ where: { sealedToken: { not: null } } });
  await db.link.update({ where: { id: link.id }, data: { tokenKeyId: "k-gone" } });
  await expect(startServer({ env: { STORAGE_MASTER_KEY: latestKeys } })).rejects.toThrow(
    /lacks the key\(s\) "k-gone" that seal 1 link token\(s\)/,
  );
});
