// Previews over real HTTP: WebP thumbnails and previews for every image type, cached encrypted and removed
// with their file; video inline with Range requests, a PDF only to the page's PDF.js; nothing else inline, and
// every answer under a sandboxing CSP with the detected type. Previews never count as downloads or enter the activity,
// and a link shows them only when it has no download limit.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { upload, uploadOk, waitFor } from "../../support/upload";
import { readStoredBlob, storedPreviews } from "../../support/storage";
import { createLink, member, shareFile, unlockLink, uploadFile, visitor, type Member } from "../../support/sharing";
import { DETECTED_TYPE, EXTENSION, HTML_PAGE, IMAGE_FORMATS, polyglotJpeg, sampleImage, SCRIPTED_SVG } from "../../support/sample-images";

jest.setTimeout(120_000);

let server: TestServer;
let alice: Member;
let bob: Member;

const previewsOf = async (fileId: string) => (await storedPreviews()).filter((name) => name.startsWith(fileId));

beforeAll(async () => {
  // Visitors may come from chosen addresses (X-Forwarded-For), so guessing can be counted for one of them alone.
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  [alice, bob] = await Promise.all([member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe("image previews", () => {
  it.each(IMAGE_FORMATS)("a %s gets a 96×96 WebP thumbnail and a WebP preview of its own size", async (format) => {
    const original = await sampleImage(format);
    const file = await uploadFile(alice, `picture.${EXTENSION[format]}`, original);
    expect(file.mimeType).toBe(DETECTED_TYPE[format]);

    const thumbnail = await alice.client.get(`/api/files/${file.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(thumbnail.headers.get("x-content-type-options")).toBe("nosniff");
    expect(thumbnail.headers.get("content-security-policy")).toBe("default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'");
    expect(thumbnail.headers.get("content-disposition")).toBe(`inline; filename=picture.${EXTENSION[format]}.webp`);
    const small = await sharp(await bytes(thumbnail)).metadata();
    expect({ format: small.format, width: small.width, height: small.height }).toEqual({ format: "webp", width: 96, height: 96 });

    const preview = await alice.client.get(`/api/files/${file.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/webp");
    const large = await sharp(await bytes(preview)).metadata();
    // Never enlarged: the original's own size.
    expect({ format: large.format, width: large.width, height: large.height }).toEqual({ format: "webp", width: 640, height: 400 });
  });

  it("caches both renderings encrypted, answers the same bytes again, and removes them with the file", async () => {
    const file = await uploadFile(alice, "cached.png", await sampleImage("png"));
    const first = await bytes(await alice.client.get(`/api/files/${file.id}/thumbnail`));
    const blobs = await previewsOf(file.id);
    expect(blobs).toEqual([`${file.id}-large`, `${file.id}-thumbnail`]);
    for (const blob of blobs) {
      const stored = await readStoredBlob(blob, "previews");
      // Coffer's segmented format, not a WebP: the RIFF/WEBP header appears nowhere.
      expect(stored.subarray(0, 4).toString("latin1")).toBe("CFR1");
      expect(stored.includes(Buffer.from("WEBP"))).toBe(false);
    }
    const again = await alice.client.get(`/api/files/${file.id}/thumbnail`);
    expect((await bytes(again)).equals(first)).toBe(true);
    // A revalidation costs nothing more than the ETag.
    const etag = again.headers.get("etag")!;
    expect((await alice.client.get(`/api/files/${file.id}/thumbnail`, { headers: { "if-none-match": etag } })).status).toBe(304);

    const deleted = await alice.client.callAction("/dashboard", "app/(app)/files/actions.ts", "deleteFileAction", [{ fileId: file.id }]);
    expect(deleted.value).toMatchObject({ ok: true });
    expect(await previewsOf(file.id)).toEqual([]);
  });

  it("renders a JPEG that is also an HTML page as pixels only", async () => {
    const polyglot = await polyglotJpeg();
    const file = await uploadFile(alice, "polyglot.jpg", polyglot);
    expect(file.mimeType).toBe("image/jpeg");
    for (const route of ["thumbnail", "preview"]) {
      const response = await alice.client.get(`/api/files/${file.id}/${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/webp");
      const body = await bytes(response);
      expect(body.includes(Buffer.from("<script"))).toBe(false);
      expect(body.includes(Buffer.from("<html"))).toBe(false);
    }
    // The original travels only as an attachment.
    const original = await alice.client.get(`/api/files/${file.id}/download`);
    expect(original.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(original.headers.get("content-security-policy")).toBe("sandbox");
    await original.arrayBuffer();
  });

  it("refuses HTML named .png at upload, and previews neither HTML nor SVG nor text inline", async () => {
    const refused = await upload(alice.client, [{ filename: "innocent.png", data: HTML_PAGE }]);
    expect(refused.status).toBe(415);
    expect(await refused.json()).toEqual({ error: 'The content of "innocent.png" is not a .png file.' });

    const [html, svg, text] = await uploadOk(alice.client, [
      { filename: "page.html", data: HTML_PAGE },
      { filename: "drawing.svg", data: SCRIPTED_SVG },
      { filename: "notes.txt", data: Buffer.from("plain text <b>with markup</b>\n") },
    ]);
    for (const file of [html, svg, text]) {
      for (const route of ["thumbnail", "preview"]) {
        const response = await alice.client.get(`/api/files/${file.id}/${route}`);
        expect({ name: file.name, route, status: response.status }).toEqual({ name: file.name, route, status: 404 });
        expect(await response.json()).toEqual({ error: "This file has no preview." });
      }
    }
  });

  it("answers 404 to a stranger, and shows a recipient's thumbnail without recording a download", async () => {
    const file = await uploadFile(alice, "shared.webp", await sampleImage("webp"));
    const carol = await member(server);
    for (const route of ["thumbnail", "preview"]) expect((await carol.client.get(`/api/files/${file.id}/${route}`)).status).toBe(404);
    expect((await visitor(server).get(`/api/files/${file.id}/thumbnail`)).status).toBe(401);

    expect((await shareFile(alice.client, file.id, bob.username)).ok).toBe(true);
    for (const route of ["thumbnail", "preview"]) {
      const response = await bob.client.get(`/api/files/${file.id}/${route}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    // A real download afterwards, waited for, is the only download the activity holds.
    await (await bob.client.get(`/api/files/${file.id}/download`)).arrayBuffer();
    const kinds = async () => (await db.activity.findMany({ where: { fileId: file.id }, select: { kind: true } })).map((a) => a.kind);
    await waitFor(async () => (await kinds()).includes("download.user"), 10_000);
    expect((await kinds()).sort()).toEqual(["download.user", "share.created"]);
  });

  it("plays a recipient's video without recording a download, whole or by Range", async () => {
    const clip = fs.readFileSync(path.join(__dirname, "../../fixtures/clip.webm"));
    const file = await uploadFile(alice, "shared-clip.webm", clip);
    expect((await shareFile(alice.client, file.id, bob.username)).ok).toBe(true);
    const whole = await bob.client.get(`/api/files/${file.id}/preview`);
    expect(whole.status).toBe(200);
    expect((await bytes(whole)).equals(clip)).toBe(true);
    const ranged = await bob.client.get(`/api/files/${file.id}/preview`, { headers: { range: "bytes=1000-1999" } });
    expect(ranged.status).toBe(206);
    await ranged.arrayBuffer();
    await (await bob.client.get(`/api/files/${file.id}/download`)).arrayBuffer();
    const kinds = async () => (await db.activity.findMany({ where: { fileId: file.id }, select: { kind: true } })).map((a) => a.kind);
    await waitFor(async () => (await kinds()).includes("download.user"), 10_000);
    expect((await kinds()).sort()).toEqual(["download.user", "share.created"]);
  });
});

describe("PDF, audio and video previews", () => {
  it("gives a PDF's bytes to the page's PDF.js only: never inline, and not at all to a page, a frame or an embed", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    const file = await uploadFile(alice, "report.pdf", pdf);
    // What PDF.js's fetch sends, and what a client without fetch metadata gets: an attachment, under a sandbox.
    for (const headers of [{ "sec-fetch-dest": "empty", "sec-fetch-mode": "cors" }, {}] as Record<string, string>[]) {
      const response = await alice.client.get(`/api/files/${file.id}/preview`, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toBe("attachment; filename=report.pdf");
      expect(response.headers.get("content-security-policy")).toBe("sandbox");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await bytes(response)).equals(pdf)).toBe(true);
    }
    // Chrome's own viewer runs the document's JavaScript (app.alert appeared): a navigation or a frame gets nothing.
    for (const destination of ["document", "iframe", "frame", "embed", "object"]) {
      const response = await alice.client.get(`/api/files/${file.id}/preview`, { headers: { "sec-fetch-dest": destination } });
      expect({ destination, status: response.status }).toEqual({ destination, status: 404 });
    }
    // Nor through a link's preview.
    const link = await createLink(alice, file.id);
    const guest = visitor(server);
    expect((await guest.get(`${link.path}/preview`, { headers: { "sec-fetch-dest": "iframe" } })).status).toBe(404);
    expect((await guest.get(`${link.path}/preview`, { headers: { "sec-fetch-dest": "empty" } })).status).toBe(200);
  });

  it("serves a video inline with Range requests, never as a download", async () => {
    const clip = fs.readFileSync(path.join(__dirname, "../../fixtures/clip.webm"));
    const file = await uploadFile(alice, "clip.webm", clip);
    expect(file.mimeType).toBe("video/webm");
    const ranged = await alice.client.get(`/api/files/${file.id}/preview`, { headers: { range: "bytes=400000-400099" } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 400000-400099/${clip.length}`);
    expect(ranged.headers.get("content-type")).toBe("video/webm");
    expect(ranged.headers.get("content-disposition")).toBe("inline; filename=clip.webm");
    expect(ranged.headers.get("content-security-policy")).toBe("default-src 'none'; media-src 'self'; sandbox; frame-ancestors 'none'");
    expect((await bytes(ranged)).equals(clip.subarray(400_000, 400_100))).toBe(true);
    // The thumbnail route is for images only.
    expect((await alice.client.get(`/api/files/${file.id}/thumbnail`)).status).toBe(404);
  });
});

describe("previews on a link's page", () => {
  it("a link without a limit previews without counting a download or writing activity", async () => {
    const file = await uploadFile(alice, "open.png", await sampleImage("png"));
    const link = await createLink(alice, file.id, { label: "open" });
    const guest = visitor(server);
    const page = await (await guest.get(link.path)).text();
    expect(page).toContain(`src="${link.path}/preview"`);
    const preview = await guest.get(`${link.path}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/webp");
    expect(preview.headers.get("referrer-policy")).toBe("no-referrer");
    expect(preview.headers.get("content-security-policy")).toBe("default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'");
    await preview.arrayBuffer();
    // A real download afterwards, waited for, is the only one the link counts and the activity holds.
    await (await guest.get(link.downloadPath)).arrayBuffer();
    const counts = () => db.link.findUniqueOrThrow({ where: { id: link.id }, select: { downloadCount: true, claimedCount: true } });
    await waitFor(async () => (await counts()).downloadCount === 1, 10_000);
    expect(await counts()).toEqual({ downloadCount: 1, claimedCount: 1 });
    expect((await db.activity.findMany({ where: { fileId: file.id }, select: { kind: true } })).map((a) => a.kind).sort()).toEqual([
      "download.link",
      "link.created",
    ]);
  });

  it("a link with a download limit shows no preview, and its preview route answers 404", async () => {
    const file = await uploadFile(alice, "limited.png", await sampleImage("png"));
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const guest = visitor(server);
    const page = await (await guest.get(link.path)).text();
    expect(page).not.toContain("/preview");
    const preview = await guest.get(`${link.path}/preview`);
    expect(preview.status).toBe(404);
    expect(await preview.text()).toBe("This link has no preview.");
    expect(await db.link.findUniqueOrThrow({ where: { id: link.id }, select: { downloadCount: true } })).toEqual({ downloadCount: 0 });
  });

  it("a locked link previews only after the right password", async () => {
    const file = await uploadFile(alice, "locked.png", await sampleImage("png"));
    const link = await createLink(alice, file.id, { password: "correct horse link" });
    const guest = visitor(server);
    const before = await guest.get(`${link.path}/preview`);
    expect(before.status).toBe(404);
    expect(await before.text()).toBe("This link is not available.");
    expect(await (await guest.get(link.path)).text()).not.toContain("/preview");
    expect((await unlockLink(guest, link.token, "correct horse link")).ok).toBe(true);
    const after = await guest.get(`${link.path}/preview`);
    expect(after.status).toBe(200);
    expect(after.headers.get("content-type")).toBe("image/webp");
    await after.arrayBuffer();
  });

  it("counts an unknown token's preview as a miss, like the page: a guesser is stopped on every route", async () => {
    const guesser = visitor(server, "198.51.100.23");
    for (let i = 0; i < 20; i++) {
      const response = await guesser.get(`/s/${String(i).padStart(32, "A")}/preview`);
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
    const page = await guesser.get(`/s/${"B".repeat(32)}`);
    expect(page.status).toBe(429);
    // Someone else is not affected.
    expect((await visitor(server, "198.51.100.24").get(`/s/${"B".repeat(32)}`)).status).toBe(404);
  });
});
