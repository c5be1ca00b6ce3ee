// A large upload that outlives its page (tus, components/files/tus-transport.ts): on a slow connection (Chromium's
// network emulation), the page is reloaded halfway; the server kept what had arrived in whole segments; the same
// file chosen again goes on from there (a HEAD, then PATCHes from the server's offset, no new upload), finishes,
// is listed, and downloads byte-exact.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page, type Request } from "@playwright/test";
import { hydrated, registeredBrowser, toast, uniqueUsername } from "../support/e2e";

const MiB = 1024 * 1024;
const SEGMENT = 64 * 1024;
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** The uploads' requests, as the browser sent them: the method and the Upload-Offset of each. */
function tusRequests(page: Page) {
  const seen: { method: string; offset: number | null }[] = [];
  page.on("request", (request: Request) => {
    if (!new URL(request.url()).pathname.startsWith("/api/uploads")) return;
    const offset = request.headers()["upload-offset"];
    seen.push({ method: request.method(), offset: offset === undefined ? null : Number(offset) });
  });
  return seen;
}

/** The address tus-js-client keeps for the file it is sending (localStorage, under the file's fingerprint). */
const storedUploadUrls = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith("tus::"))
      .map((key) => (JSON.parse(localStorage.getItem(key)!) as { uploadUrl: string }).uploadUrl),
  );

test("a reload mid-upload: the same file chosen again continues where it was, finishes, and downloads byte-exact", async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await registeredBrowser(browser, uniqueUsername("resume"));
  const data = randomBytes(48 * MiB);
  // A file on disk, so that choosing it again gives the browser the same file (name, size, last change).
  const filePath = testInfo.outputPath("site backup.bin");
  fs.writeFileSync(filePath, data);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const uploadAt = (bytesPerSecond: number) =>
    cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  await uploadAt(4 * MiB);
  const requests = tusRequests(page);

  await page.goto("/dashboard");
  await (await hydrated(page.locator('input[type="file"]'))).setInputFiles(filePath);
  const row = () => page.getByRole("list", { name: "Uploads" }).getByRole("listitem").filter({ hasText: "site backup.bin" });
  const progress = () => row().getByRole("progressbar", { name: "Progress of site backup.bin" });
  const percent = async () => Number(await progress().getAttribute("value"));
  await expect.poll(percent, { timeout: 60_000 }).toBeGreaterThanOrEqual(20);

  // What a person sees mid-upload, on a desktop and on a phone.
  await expect(row().getByText(/^\d+% · [\d.]+ (KiB|MiB)\/s$/)).toBeVisible();
  for (const [name, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.getByRole("region", { name: "Upload files" }).screenshot({ path: `test-results/screens/upload-under-way-${name}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(percent, { timeout: 60_000 }).toBeGreaterThanOrEqual(40);
  const shownBeforeReload = await percent();
  expect(shownBeforeReload).toBeLessThan(90);
  const [uploadUrl] = await storedUploadUrls(page);
  expect(uploadUrl).toMatch(/^http:\/\/localhost:\d+\/api\/uploads\/[A-Za-z0-9_-]{32}$/);
  expect(requests.filter((r) => r.method === "POST")).toHaveLength(1);

  await page.reload();
  const requestsBeforeReload = requests.length;
  // The server kept the whole segments that had arrived when the page went away (once its request has ended).
  const offsetOnServer = async () => {
    const answer = await page.request.head(uploadUrl, { headers: { "Tus-Resumable": "1.0.0" } });
    expect(answer.status()).toBe(200);
    return Number(answer.headers()["upload-offset"]);
  };
  let kept = 0;
  await expect
    .poll(async () => {
      const before = kept;
      kept = await offsetOnServer();
      return kept > 0 && kept === before;
    })
    .toBe(true);
  expect(kept % SEGMENT).toBe(0);
  expect(kept).toBeLessThan(data.length);
  // Nearly all of what the page had shown as sent (what was still on the way is lost, and the last part segment).
  expect(kept).toBeGreaterThanOrEqual(((shownBeforeReload - 10) / 100) * data.length);

  await uploadAt(8 * MiB);
  await (await hydrated(page.locator('input[type="file"]'))).setInputFiles(filePath);
  // Taken up where the server stood: the bar starts there, and the row says so.
  await expect(row().getByText(/^Continuing: [\d.]+ MiB had already arrived\.$/)).toBeVisible();
  expect(await percent()).toBeGreaterThanOrEqual(Math.floor((kept / data.length) * 100));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("region", { name: "Upload files" }).screenshot({ path: "test-results/screens/upload-continuing-phone.png" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(row().getByText("Done")).toBeVisible({ timeout: 60_000 });
  await expect(toast(page, 'Uploaded "site backup.bin".')).toBeVisible();

  // After the reload: a HEAD, then bytes from the server's offset on; never a new upload, never byte 0 again.
  const afterReload = requests.slice(requestsBeforeReload);
  expect(afterReload[0]).toEqual({ method: "HEAD", offset: null });
  expect(afterReload.filter((r) => r.method === "POST")).toEqual([]);
  const patches = afterReload.filter((r) => r.method === "PATCH").map((r) => r.offset!);
  expect(patches[0]).toBe(kept);
  expect(Math.min(...patches)).toBe(kept);
  expect(await storedUploadUrls(page)).toEqual([]);

  // Listed without a reload, as the File the last answer named, and its bytes are the file's.
  const fileId = await row().getAttribute("data-file-id");
  expect(fileId).toBeTruthy();
  await expect(page.getByRole("link", { name: "site backup.bin", exact: true })).toHaveAttribute("href", `/files/${fileId}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download site backup.bin" }).click(),
  ]);
  expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(data));
  await context.close();
});

test("cancel mid-upload ends the upload on the server too: its address is forgotten and the server no longer knows it", async ({
  browser,
}, testInfo) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("cancel"));
  const filePath = testInfo.outputPath("disk image.iso");
  fs.writeFileSync(filePath, randomBytes(8 * MiB));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1 * MiB });
  const requests = tusRequests(page);

  await page.goto("/dashboard");
  await (await hydrated(page.locator('input[type="file"]'))).setInputFiles(filePath);
  const row = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").filter({ hasText: "disk image.iso" });
  await expect.poll(async () => Number(await row.getByRole("progressbar").getAttribute("value"))).toBeGreaterThanOrEqual(10);
  const [uploadUrl] = await storedUploadUrls(page);
  await row.getByRole("button", { name: "Cancel upload of disk image.iso" }).click();
  await expect(row.getByText("Cancelled")).toBeVisible();
  await expect(toast(page, 'Upload of "disk image.iso" cancelled.')).toBeVisible();

  // Terminated (DELETE, tried again for as long as the cut-off request still holds the upload), then forgotten.
  await expect.poll(() => storedUploadUrls(page)).toEqual([]);
  expect(requests.some((r) => r.method === "DELETE")).toBe(true);
  const answer = await page.request.head(uploadUrl, { headers: { "Tus-Resumable": "1.0.0" } });
  expect(answer.status()).toBe(404);
  await expect(page.getByText("You have no files yet.")).toBeVisible();
  await context.close();
});
