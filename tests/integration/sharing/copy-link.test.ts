// Copying a link again, over real HTTP: the token is stored as its digest (the lookup) and sealed with the master
// key (the owner's copy button); the owner's pages show the URL of a working link at any time, never that of a
// revoked, expired or used-up one, and a link made before tokens were sealed says it cannot be copied.
import { db } from "@/lib/db";
import { parseMasterKeys } from "@/lib/env/master-keys";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";
import { openSecretWith } from "@/lib/crypto/seal-secret";
import { startServer, type TestServer } from "../../support/server";
import { createLink, linkTokenHash, member, revokeLink, uploadFile, visitor, type Member } from "../../support/sharing";

jest.setTimeout(60_000);

let server: TestServer;
let alice: Member;
let bob: Member;

beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

const html = async (who: Member, path: string) => (await who.client.get(path)).text();

it("stores the token sealed, not in the clear, and still finds the link by its digest", async () => {
  const file = await uploadFile(alice, "sealed.txt", Buffer.from("sealed\n"));
  const link = await createLink(alice, file.id, { label: "sealed one" });
  const row = await db.link.findUniqueOrThrow({ where: { id: link.id } });
  expect(row.tokenHash).toBe(linkTokenHash(link.token));
  expect(row.sealedToken).toMatch(/^s1\./);
  const keys = parseMasterKeys(process.env.STORAGE_MASTER_KEY!);
  expect(row.tokenKeyId).toBe(keys[0].id);
  // Nothing of the row holds the token itself.
  expect(JSON.stringify(row)).not.toContain(link.token);
  const key = keys.find((k) => k.id === row.tokenKeyId)!;
  expect(openSecretWith(key, row.sealedToken!, SEALED_COLUMNS.linkToken.purpose).toString()).toBe(link.token);
  expect((await visitor(server).get(link.path)).status).toBe(200);
});

it("shows the owner a working link's URL on the file's page and on Shared by me, at any later visit", async () => {
  const file = await uploadFile(alice, "copy-again.txt", Buffer.from("again\n"));
  const link = await createLink(alice, file.id, { label: "copy me later" });
  // The URL is on the public origin (APP_URL), which the test server sets to localhost and its port.
  const url = `http://localhost:${new URL(server.url).port}${link.path}`;
  expect(await html(alice, `/files/${file.id}`)).toContain(url);
  expect(await html(alice, "/shared")).toContain(url);
  // Nobody else's page has it: not the recipient's view of the file, not a stranger's Shared by me.
  expect(await html(bob, "/shared")).not.toContain(link.token);
});

it("never shows the URL of a revoked, expired or used-up link", async () => {
  const file = await uploadFile(alice, "gone.txt", Buffer.from("gone\n"));
  const revoked = await createLink(alice, file.id, { label: "revoked one" });
  const expired = await createLink(alice, file.id, { label: "expired one" });
  const usedUp = await createLink(alice, file.id, { label: "used-up one", maxDownloads: 1 });
  expect(await revokeLink(alice.client, file.id, revoked.id)).toMatchObject({ ok: true });
  await db.link.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await db.link.update({ where: { id: usedUp.id }, data: { downloadCount: 1, claimedCount: 1 } });
  for (const page of [await html(alice, `/files/${file.id}`), await html(alice, "/shared")]) {
    for (const link of [revoked, expired, usedUp]) expect(page).not.toContain(link.token);
  }
});

it('says "created before copying was possible" for a working link made before tokens were sealed', async () => {
  const file = await uploadFile(alice, "old-link.txt", Buffer.from("old\n"));
  const link = await createLink(alice, file.id, { label: "from before" });
  // What the migration left such a link: its digest only.
  await db.link.update({ where: { id: link.id }, data: { sealedToken: null, tokenKeyId: null } });
  const page = await html(alice, `/files/${file.id}`);
  expect(page).toContain("Created before copying was possible");
  expect(page).not.toContain(link.token);
  expect((await visitor(server).get(link.path)).status).toBe(200);
});
