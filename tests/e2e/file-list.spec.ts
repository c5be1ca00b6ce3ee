// The file list in Chromium at both widths: a file without a preview (an SVG, which may carry script and gets none)
// shows its kind's icon, never a broken image, beside an image that does get its thumbnail; times in the browser's
// zone; 16 files uploaded at once summed up in one line and one toast, a refused one in red with its reason.
import { expect, test } from "@playwright/test";
import { hydrated, registeredBrowser, toast, uniqueUsername } from "../support/e2e";
import { HTML_PAGE, SCRIPTED_SVG, sampleImage } from "../support/sample-images";

// Without an XML prolog an SVG has no magic bytes: it is stored undetected and its extension makes it an "SVG image",
// the case that asked the server for a thumbnail it refuses. With the prolog it is detected as XML.
const PLAIN_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="teal"/></svg>',
);

test("a dashboard holding an SVG shows no broken image: the SVG gets its kind's icon", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("svg"));
  const files = [
    { name: "drawing.svg", buffer: PLAIN_SVG },
    { name: "scripted.svg", buffer: SCRIPTED_SVG },
    { name: "picture.png", buffer: await sampleImage("png") },
  ];
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles(files.map((f) => ({ ...f, mimeType: "application/octet-stream" })));
  const uploads = page.getByRole("list", { name: "Uploads" });
  for (const f of files) await expect(uploads.getByRole("listitem").filter({ hasText: f.name }).getByText("Done")).toBeVisible();
  await page.reload();

  const svgRow = page.getByTestId("file-row").filter({ hasText: "drawing.svg" });
  // Its kind, as the Kind column says it (on a phone the kind's icon beside the name stands for it).
  await expect(svgRow.getByTestId("file-kind")).toHaveText("SVG image");
  for (const name of ["drawing.svg", "scripted.svg"]) {
    const row = page.getByTestId("file-row").filter({ hasText: name });
    await expect(row.getByTestId("file-kind-icon")).toBeVisible();
    await expect(row.locator("img")).toHaveCount(0);
  }
  const pngThumbnail = page.getByTestId("file-row").filter({ hasText: "picture.png" }).getByTestId("file-thumbnail");
  await expect.poll(() => pngThumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // No image on the page is broken.
  await expect
    .poll(() => page.evaluate(() => [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.src)))
    .toEqual([]);
  await page.screenshot({ path: `test-results/screens/dashboard-svg-${test.info().project.name}.png` });
  await context.close();
});

test("times are the browser's own: in Tokyo the upload time is Tokyo time, one format, the zone on hover", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("tokyo"), { timezoneId: "Asia/Tokyo" });
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles({ name: "clock.txt", mimeType: "text/plain", buffer: Buffer.from("what time is it") });
  await expect(page.getByRole("list", { name: "Uploads" }).getByText("Done")).toBeVisible();
  await page.reload();
  const uploaded = page.getByTestId("file-row").filter({ hasText: "clock.txt" }).locator("time");
  const tokyo = await page.evaluate(
    (iso) =>
      new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: "Asia/Tokyo",
      }).format(new Date(iso)),
    (await uploaded.getAttribute("datetime"))!,
  );
  await expect(uploaded).toHaveText(tokyo);
  await expect(uploaded).toHaveAttribute("title", `${tokyo} GMT+9`);
  await expect(uploaded).not.toContainText("UTC");
  await context.close();
});

test("16 files uploaded at once: one summary line, one toast, a refused file in red with its reason, the list filled without a reload", async ({
  browser,
}) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("sixteen"));
  // One name long enough to squeeze a column: every row must still stay one line.
  const long = `minutes of the annual general meeting of the allotment association, with appendices ${"and more ".repeat(6)}.txt`;
  const names = [long, ...Array.from({ length: 15 }, (_, i) => `note-${String(i + 1).padStart(2, "0")}.txt`)];
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles([
    ...names.map((name) => ({ name, mimeType: "text/plain", buffer: Buffer.from(`${name}\n`) })),
    { name: "innocent.png", mimeType: "image/png", buffer: HTML_PAGE },
  ]);
  await expect(page.getByTestId("upload-summary")).toHaveText("16 uploaded, 1 not uploaded", { timeout: 30_000 });
  const notifications = page.getByRole("region", { name: /notifications/i });
  await expect(toast(page, "Uploaded 16 of 17 files; 1 was not uploaded (see the list).")).toBeVisible();
  await expect(notifications.locator("[data-sonner-toast]")).toHaveCount(1);

  const refused = page.getByRole("list", { name: "Uploads" }).getByRole("listitem").filter({ hasText: "innocent.png" });
  await expect(refused.getByText("Not uploaded")).toBeVisible();
  await expect(refused.getByText('The content of "innocent.png" is not a .png file.')).toBeVisible();
  await expect(refused.getByRole("progressbar")).toHaveCount(0);
  // Without a reload, every uploaded file is in the list.
  await expect(page.getByTestId("file-row")).toHaveCount(16);
  await page.screenshot({ path: `test-results/screens/upload-16-${test.info().project.name}.png`, fullPage: true });

  // Rows stay one line (cards stay compact on a phone), the long name cut with the whole of it on hover and in its
  // accessible name; the secondary actions sit in a "⋯" menu.
  const phone = test.info().project.name === "phone";
  const heights = await page.getByTestId("file-row").evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
  // (A card was 270 px before: name, then size, kind and date each on a line of its own, then three buttons.)
  expect(Math.max(...heights)).toBeLessThanOrEqual(phone ? 160 : 64);
  // On a wide screen the long name changes no row's height; on a phone its card may wrap its buttons below.
  if (!phone) expect(Math.max(...heights) - Math.min(...heights)).toBeLessThanOrEqual(2);
  const longLink = page.getByRole("link", { name: long, exact: true });
  await expect(longLink).toHaveAttribute("title", long);
  await expect(page.getByRole("button", { name: `More actions for ${long}` })).toBeVisible();

  await page.getByRole("button", { name: "Hide list" }).click();
  await expect(page.getByRole("list", { name: "Uploads" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Show list" })).toHaveAttribute("aria-expanded", "false");
  await page.getByRole("button", { name: "Clear finished" }).click();
  await expect(page.getByTestId("upload-summary")).toHaveCount(0);
  await page.reload();

  // The selection bar stays in view while the list scrolls, and offers the selected files' downloads.
  await (await hydrated(page.getByRole("checkbox", { name: "Select all files on this page" }))).check();
  const bar = page.getByRole("region", { name: "Selected files" });
  await expect(bar).toContainText("16 files selected");
  await page.getByTestId("file-row").last().scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const barBox = (await bar.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(barBox.y).toBeGreaterThanOrEqual(0);
  expect(barBox.y + barBox.height).toBeLessThanOrEqual(viewport.height);
  await page.screenshot({ path: `test-results/screens/selection-bar-${test.info().project.name}.png` });
  await bar.getByRole("button", { name: "Download…" }).click();
  const dialog = page.getByRole("dialog", { name: "Download 16 files" });
  await expect(dialog.getByRole("link", { name: /^Download / })).toHaveCount(16);
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("link", { name: "Download note-01.txt" }).click()]);
  expect(download.suggestedFilename()).toBe("note-01.txt");
  await context.close();
});
