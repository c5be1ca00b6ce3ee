// Previews in Chromium: a thumbnail for every image type in the list, a video that seeks through a Range
// request, and files built to run script (a JPEG that is also an HTML page, an SVG with script, HTML named as
// text or as an image, a PDF whose opening action is JavaScript) that never run it, whether shown on their page or
// opened by their own URL.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { hydrated, registeredBrowser, toast, uniqueUsername } from "../support/e2e";
import {
  EXTENSION,
  HTML_PAGE,
  IMAGE_FORMATS,
  PAYLOAD,
  polyglotJpeg,
  sampleImage,
  SCRIPTED_SVG,
  scriptedPdf,
} from "../support/sample-images";

/** Uploads through the file chooser (the uploader sends a few at a time) and waits until every one is done. */
async function upload(page: Page, files: { name: string; buffer: Buffer }[]) {
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles(files.map((f) => ({ ...f, mimeType: "application/octet-stream" })));
  const uploads = page.getByRole("list", { name: "Uploads" });
  for (const f of files) await expect(uploads.getByRole("listitem").filter({ hasText: f.name }).getByText("Done")).toBeVisible();
  await page.reload();
}

const fileId = async (page: Page, name: string) =>
  (await page.getByRole("link", { name, exact: true }).getAttribute("href"))!.split("/").pop()!;

test("every image type gets a thumbnail in the list and a preview on its page", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("thumbs"));
  const images = await Promise.all(
    IMAGE_FORMATS.map(async (format) => ({ name: `picture.${EXTENSION[format]}`, buffer: await sampleImage(format) })),
  );
  await upload(page, images);
  for (const image of images) {
    const thumbnail = page.getByTestId("file-row").filter({ hasText: image.name }).getByTestId("file-thumbnail");
    // Decoded by the browser: a 96 × 96 WebP, shown at 40 × 40.
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  }
  await page.getByRole("link", { name: "picture.avif", exact: true }).click();
  const preview = page.getByRole("img", { name: "Preview of picture.avif" });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
  await context.close();
});

test("a video preview seeks with a Range request", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("video"));
  const clip = fs.readFileSync(path.join(__dirname, "../fixtures/clip.webm"));
  await upload(page, [{ name: "clip.webm", buffer: clip }]);
  const id = await fileId(page, "clip.webm");
  // A slow connection, so that the browser cannot have fetched the end of the clip before the seek.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 40 * 1024, uploadThroughput: -1 });
  const ranges: { range: string | undefined; status: number; contentRange: string | null }[] = [];
  page.on("response", async (response) => {
    if (!response.url().endsWith(`/api/files/${id}/preview`)) return;
    ranges.push({
      range: response.request().headers().range,
      status: response.status(),
      contentRange: await response.headerValue("content-range"),
    });
  });
  await page.goto(`/files/${id}`);
  const video = page.locator('video[data-preview="video"]');
  await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise((done) => (v.readyState >= 1 ? done(null) : v.addEventListener("loadedmetadata", done, { once: true }))),
  );
  expect(await video.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(20);
  await video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise((done) => {
        v.addEventListener("seeked", done, { once: true });
        v.currentTime = 19;
      }),
  );
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBe(19);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2);
  // The seek asked for a later part of the file, and got exactly that part.
  const seek = ranges.find((r) => r.range && Number(/^bytes=(\d+)-/.exec(r.range)?.[1]) > 0);
  expect(seek, JSON.stringify(ranges)).toBeDefined();
  expect(seek!.status).toBe(206);
  expect(seek!.contentRange).toBe(`bytes ${/^bytes=(\d+)-/.exec(seek!.range!)![1]}-${clip.length - 1}/${clip.length}`);
  await context.close();
});

test("files made to run script never run it in Chromium", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("polyglot"));
  const dialogs: string[] = [];
  context.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const polyglot = await polyglotJpeg();
  await upload(page, [
    { name: "polyglot.jpg", buffer: polyglot },
    { name: "drawing.svg", buffer: SCRIPTED_SVG },
    { name: "page.html", buffer: HTML_PAGE },
    { name: "page.txt", buffer: HTML_PAGE },
  ]);
  // HTML with an image's name is refused at the door.
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles({ name: "innocent.png", mimeType: "image/png", buffer: HTML_PAGE });
  await expect(toast(page, `"innocent.png" was not uploaded: The content of "innocent.png" is not a .png file.`)).toBeVisible();

  const ran = () => page.evaluate(() => window.name === "pwned" || document.title === "pwned");
  const ids = Object.fromEntries(
    await Promise.all(["polyglot.jpg", "drawing.svg", "page.html", "page.txt"].map(async (n) => [n, await fileId(page, n)])),
  );

  await test.step("on their pages", async () => {
    await page.goto(`/files/${ids["polyglot.jpg"]}`);
    const image = page.getByRole("img", { name: "Preview of polyglot.jpg" });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    expect(await ran()).toBe(false);
    for (const name of ["drawing.svg", "page.html"]) {
      await page.goto(`/files/${ids[name]}`);
      // No preview: a download button.
      await expect(page.getByText("There is no preview for this kind of file: download it to open it.")).toBeVisible();
      await expect(page.locator("[data-preview]")).toHaveAttribute("data-preview", "none");
      expect(await ran()).toBe(false);
    }
    await page.goto(`/files/${ids["page.txt"]}`);
    // Text is shown as text: the markup is visible, not rendered.
    await expect(page.getByLabel("Text of page.txt")).toContainText(PAYLOAD);
    expect(await ran()).toBe(false);
  });

  await test.step("opened by their own URLs", async () => {
    for (const url of [`/api/files/${ids["polyglot.jpg"]}/preview`, `/api/files/${ids["polyglot.jpg"]}/thumbnail`]) {
      const response = await page.goto(url);
      expect(response?.headers()["content-type"]).toBe("image/webp");
      expect(await ran()).toBe(false);
    }
    for (const name of ["drawing.svg", "page.html", "page.txt"]) {
      const response = await page.goto(`/api/files/${ids[name]}/preview`);
      expect(response?.status()).toBe(404);
      expect(await ran()).toBe(false);
    }
    // The originals only ever download.
    for (const name of ["polyglot.jpg", "drawing.svg", "page.html"]) {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.goto(`/api/files/${ids[name]}/download`).catch(() => null),
      ]);
      expect(download.suggestedFilename()).toBe(name);
    }
  });
  expect(dialogs).toEqual([]);
  await context.close();
});

test("a PDF is drawn by Coffer's PDF.js, and its JavaScript never runs", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("pdf"));
  const dialogs: string[] = [];
  context.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await upload(page, [{ name: "report.pdf", buffer: scriptedPdf() }]);
  const id = await fileId(page, "report.pdf");
  const scriptRequests: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(new URL(page.url()).origin)) scriptRequests.push(request.url());
  });

  await page.goto(`/files/${id}`);
  const firstPage = page.getByRole("img", { name: "Page 1 of 1" });
  await expect(firstPage).toBeVisible();
  // Drawn: the canvas has dark pixels (the page's text) on white.
  await expect
    .poll(() =>
      firstPage.evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark++;
        return dark > 100;
      }),
    )
    .toBe(true);
  // No frame holds the file (Chrome's viewer would run the script), and nothing was fetched from elsewhere.
  expect(await page.locator("iframe, embed, object").count()).toBe(0);
  expect(scriptRequests).toEqual([]);
  await page.waitForTimeout(1_000);
  expect(await page.title()).not.toBe("pwned");

  // Opened by its own URL, the preview is no page for the browser's viewer.
  const response = await page.goto(`/api/files/${id}/preview`);
  expect(response?.status()).toBe(404);
  await page.waitForTimeout(1_000);
  expect(dialogs).toEqual([]);
  await context.close();
});
