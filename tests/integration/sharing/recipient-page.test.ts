// A recipient's view of a shared file, over real HTTP: the file's page read-only with its preview, the preview
// route re-checking the share, and a stranger answered exactly as for a file that does not exist.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { sampleImage } from "../../support/sample-images";
import { waitFor } from "../../support/upload";
import { createLink, member, revokeShare, shareFile, uploadFile, type Member } from "../../support/sharing";

jest.setTimeout(60_000);

let server: TestServer;
let alice: Member;
let bob: Member;
let carol: Member;

beforeAll(async () => {
  server = await startServer();
  [alice, bob, carol] = await Promise.all([member(server), member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

const MISSING = "c0000000000000000000000000";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

async function page(member: Member, path: string) {
  const response = await member.client.get(path);
  return { status: response.status, html: await response.text() };
}

async function shareWith(file: { id: string }, recipient: Member) {
  expect(await shareFile(alice.client, file.id, recipient.username)).toMatchObject({ ok: true });
  return db.share.findUniqueOrThrow({ where: { fileId_recipientId: { fileId: file.id, recipientId: recipient.id } } });
}

describe("a recipient", () => {
  it("opens the file's page from Shared with me and sees its preview, size, type and who shared it, and no owner's controls", async () => {
    const file = await uploadFile(alice, "board-minutes.pdf", PDF);
    await shareWith(file, bob);
    await createLink(alice, file.id, { label: "owner-only link label" });

    const list = await page(bob, "/shared-with-me");
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/files/${file.id}"`);

    const view = await page(bob, `/files/${file.id}`);
    expect(view.status).toBe(200);
    expect(view.html).toContain("board-minutes.pdf");
    expect(view.html).toContain("application/pdf");
    expect(view.html.replaceAll("<!-- -->", "")).toContain(`(${PDF.length} bytes)`);
    expect(view.html).toMatch(new RegExp(`data-testid="shared-by"[^>]*>${alice.username}<`));
    expect(view.html).toContain(`/api/files/${file.id}/download`);
    expect(view.html).toContain('data-preview="pdf"');
    // The owner's page has these; the recipient's has none of them.
    for (const ownerOnly of ["owner-only link label", "Public links", "Create link", "Shared with</h2>", "Rename", "Delete", "Activity"]) {
      expect({ ownerOnly, shown: view.html.includes(ownerOnly) }).toEqual({ ownerOnly, shown: false });
    }
    const owner = await page(alice, `/files/${file.id}`);
    expect(owner.html).toContain("owner-only link label");
  });

  it("gets the preview, which never counts as a download, while the download goes into the owner's activity", async () => {
    const file = await uploadFile(alice, "photo.png", await sampleImage("png"));
    await shareWith(file, bob);
    const preview = await bob.client.get(`/api/files/${file.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/webp");
    await preview.arrayBuffer();
    const pdf = await uploadFile(alice, "scan.pdf", PDF);
    await shareWith(pdf, bob);
    const pdfPreview = await bob.client.get(`/api/files/${pdf.id}/preview`, { headers: { "sec-fetch-dest": "empty" } });
    expect(pdfPreview.status).toBe(200);
    expect(Buffer.from(await pdfPreview.arrayBuffer()).equals(PDF)).toBe(true);
    expect(await db.activity.count({ where: { fileId: { in: [file.id, pdf.id] }, kind: "download.user" } })).toBe(0);

    const download = await bob.client.get(`/api/files/${file.id}/download`);
    expect(download.status).toBe(200);
    await download.arrayBuffer();
    expect(await waitFor(async () => (await db.activity.count({ where: { fileId: file.id, kind: "download.user" } })) === 1)).toBe(true);
  });

  it("loses the page and the preview the moment the share is revoked", async () => {
    const file = await uploadFile(alice, "withdrawn.png", await sampleImage("png"));
    const share = await shareWith(file, bob);
    expect((await page(bob, `/files/${file.id}`)).status).toBe(200);
    expect(await revokeShare(alice.client, file.id, share.id)).toMatchObject({ ok: true });
    const view = await page(bob, `/files/${file.id}`);
    expect(view.status).toBe(404);
    expect(view.html).not.toContain("withdrawn.png");
    expect((await bob.client.get(`/api/files/${file.id}/preview`)).status).toBe(404);
  });

  it("loses them when the owner's account is disabled", async () => {
    const owner = await member(server);
    const file = await uploadFile(owner, "from-a-leaver.png", await sampleImage("png"));
    expect(await shareFile(owner.client, file.id, bob.username)).toMatchObject({ ok: true });
    expect((await page(bob, `/files/${file.id}`)).status).toBe(200);
    await db.user.update({ where: { id: owner.id }, data: { disabled: true } });
    expect((await page(bob, `/files/${file.id}`)).status).toBe(404);
    expect((await bob.client.get(`/api/files/${file.id}/preview`)).status).toBe(404);
  });
});

describe("a stranger", () => {
  it("gets the same 404 for a shared file's page, preview and thumbnail as for a file that does not exist", async () => {
    const file = await uploadFile(alice, "private-plan.png", await sampleImage("png"));
    await shareWith(file, bob);
    const stranger = await page(carol, `/files/${file.id}`);
    const missing = await page(carol, `/files/${MISSING}`);
    expect(stranger.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(stranger.html).not.toContain("private-plan.png");
    // The pages differ only in their per-request nonce and the id in the address.
    const normalised = (html: string, id: string) =>
      html
        .replaceAll(id, "<id>")
        .replace(/nonce=\\?"[^"\\]*\\?"/g, "")
        .replace(/\\?"nonce\\?":\\?"[^"\\]*\\?"/g, "")
        .split("\n")
        .sort();
    expect(normalised(stranger.html, file.id)).toEqual(normalised(missing.html, MISSING));
    for (const route of ["preview", "thumbnail", "download"]) {
      const a = await carol.client.get(`/api/files/${file.id}/${route}`);
      const b = await carol.client.get(`/api/files/${MISSING}/${route}`);
      expect({ route, status: a.status, body: await a.text() }).toEqual({ route, status: b.status, body: await b.text() });
      expect(a.status).toBe(404);
    }
  });
});

describe("share suggestions", () => {
  it("offers only the people the owner already shares with, never other accounts", async () => {
    const owner = await member(server);
    const dave = await member(server);
    const first = await uploadFile(owner, "first.txt", Buffer.from("one\n"));
    const second = await uploadFile(owner, "second.txt", Buffer.from("two\n"));
    expect(await shareFile(owner.client, first.id, dave.username)).toMatchObject({ ok: true });
    const view = await page(owner, `/files/${second.id}`);
    const list = view.html.match(/<datalist[^>]*data-testid="share-suggestions"[^>]*>(.*?)<\/datalist>/)?.[1] ?? "";
    expect(list).toContain(`value="${dave.username}"`);
    for (const other of [alice, bob, carol]) expect(list).not.toContain(`value="${other.username}"`);
    // On the file already shared with dave, dave is not suggested again.
    expect((await page(owner, `/files/${first.id}`)).html).not.toContain('data-testid="share-suggestions"');
  });
});
