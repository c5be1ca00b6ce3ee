// A link's page as a visitor reads it, over real HTTP: the owner's label and message, the downloads left, the tab
// titled with the file's name (but not behind a password), and previews on a limited link only when the owner
// allowed them and only for images and text, never counting a download.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { sampleImage } from "../../support/sample-images";
import { createLink, member, uploadFile, visitor, type Member } from "../../support/sharing";

jest.setTimeout(60_000);

let server: TestServer;
let alice: Member;

beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  alice = await member(server);
});

afterAll(async () => {
  await server?.stop();
});

let addresses = 0;
const guest = () => visitor(server, `198.51.100.${++addresses}`);
const page = async (path: string) => {
  const response = await guest().get(path);
  return { status: response.status, html: await response.text() };
};
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const counts = (id: string) => db.link.findUniqueOrThrow({ where: { id }, select: { downloadCount: true, claimedCount: true } });

it("shows the owner's label and message, the downloads left, and the file's name as the title", async () => {
  const file = await uploadFile(alice, "brief.bin", Buffer.alloc(2_000, 1));
  const link = await createLink(alice, file.id, {
    label: "For the client",
    message: "Here is the brief.\nCall me with questions.",
    maxDownloads: 3,
  });
  const view = await page(link.path);
  expect(view.status).toBe(200);
  expect(view.html).toContain("For the client");
  expect(view.html).toContain("Here is the brief.\nCall me with questions.");
  expect(view.html).toContain("3 downloads left");
  expect(title(view.html)).toBe("brief.bin · Coffer");
  await db.link.update({ where: { id: link.id }, data: { claimedCount: 2, downloadCount: 2 } });
  expect((await page(link.path)).html).toContain("1 download left");
});

it("keeps the name out of a locked link's title and page", async () => {
  const file = await uploadFile(alice, "secret-name.bin", Buffer.alloc(100, 2));
  const link = await createLink(alice, file.id, { password: "a long password", message: "hidden words" });
  const view = await page(link.path);
  expect(title(view.html)).toBe("Shared file · Coffer");
  expect(view.html).not.toContain("secret-name.bin");
  expect(view.html).not.toContain("hidden words");
});

it("previews an image and text on a limited link when the owner allowed it, and a preview is never a download", async () => {
  const image = await uploadFile(alice, "poster.png", await sampleImage("png"));
  const allowed = await createLink(alice, image.id, { maxDownloads: 1, allowPreview: true });
  const view = await page(allowed.path);
  expect(view.html).toContain(`src="${allowed.path}/preview"`);
  for (let i = 0; i < 3; i++) {
    const preview = await guest().get(`${allowed.path}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/webp");
    await preview.arrayBuffer();
  }
  expect(await counts(allowed.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
  expect((await page(allowed.path)).html).toContain("1 download left");

  const notes = await uploadFile(alice, "notes.md", Buffer.from("| a | b |\n| - | - |\n| 1 | 2 |\n"));
  const text = await createLink(alice, notes.id, { maxDownloads: 2, allowPreview: true });
  expect((await page(text.path)).html).toContain("<table");
  expect(await counts(text.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
});

it("does not preview a limited link without the switch, nor a PDF even with it", async () => {
  const image = await uploadFile(alice, "plain.png", await sampleImage("png"));
  const limited = await createLink(alice, image.id, { maxDownloads: 1 });
  expect((await page(limited.path)).html).not.toContain(`${limited.path}/preview`);
  expect((await guest().get(`${limited.path}/preview`)).status).toBe(404);

  const pdf = await uploadFile(
    alice,
    "whole.pdf",
    Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
  );
  const pdfLink = await createLink(alice, pdf.id, { maxDownloads: 1, allowPreview: true });
  expect((await page(pdfLink.path)).html).not.toContain(`${pdfLink.path}/preview`);
  expect((await guest().get(`${pdfLink.path}/preview`, { headers: { "sec-fetch-dest": "empty" } })).status).toBe(404);
  expect(await counts(pdfLink.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
});
