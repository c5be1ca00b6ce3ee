// The files journey in Chromium: drag and drop two files, watch them reach 100%, see them listed,
// download one and compare its bytes, rename it, delete it after confirming.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { fileRowAction, expectNoSidewaysScroll, expectWithinWidth, hydrated, registeredBrowser, uniqueUsername } from "../support/e2e";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const notice = (page: Page, text: string | RegExp) => page.getByRole("region", { name: /notifications/i }).getByText(text);

/** Drops files on the element the way a browser does: a DataTransfer carried by dragover and drop events. */
async function dropFiles(page: Page, target: Locator, files: { name: string; data: Buffer }[]) {
  const dataTransfer = await page.evaluateHandle(
    (list) => {
      const transfer = new DataTransfer();
      for (const file of list) transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: "application/octet-stream" }));
      return transfer;
    },
    files.map((f) => ({ name: f.name, bytes: [...f.data] })),
  );
  await target.dispatchEvent("dragover", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
}

test("drag and drop two files, download one byte-exact, rename it, delete it", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("files"));

  // Moving around the app renews the session cookie (pages themselves cannot rewrite cookies).
  await page.evaluate(() => sessionStorage.clear());
  const renewal = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/session");
  await page.goto("/dashboard");
  const renewed = await renewal;
  expect(renewed.status()).toBe(200);
  expect(await renewed.headerValue("set-cookie")).toMatch(/authjs\.session-token=/);
  await expect(page.getByText("You have no files yet.")).toBeVisible();

  const first = { name: "quarterly report.bin", data: randomBytes(300_000) };
  const second = { name: "notes-été.txt", data: Buffer.from("Coffer keeps this safe.\n".repeat(2000)) };
  const dropZone = await hydrated(page.getByTestId("drop-zone"));
  await dropFiles(page, dropZone, [first, second]);
  // One toast for the batch, once both have arrived.
  const toasts = expect(notice(page, "Uploaded 2 files.")).toBeVisible({ timeout: 30_000 });

  const uploads = page.getByRole("list", { name: "Uploads" });
  for (const file of [first, second]) {
    const item = uploads.getByRole("listitem").filter({ hasText: file.name });
    await expect(item.getByText("Done")).toBeVisible();
    await expect(item.getByRole("progressbar")).toHaveAttribute("value", "100");
  }
  await toasts;
  const rows = page.getByTestId("file-row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("storage-meter")).toContainText("2 files");
  // A short label by kind, from the extension for text that has no magic bytes.
  await expect(rows.filter({ hasText: second.name }).getByTestId("file-kind")).toHaveText("Text");
  await expect(rows.filter({ hasText: first.name }).getByTestId("file-kind")).toHaveText("File");
  // Every action of every row is reachable on this screen, and nothing scrolls sideways.
  await expectNoSidewaysScroll(page);
  for (const file of [first, second]) {
    await expectWithinWidth(page, page.getByRole("link", { name: `Download ${file.name}` }));
    await expectWithinWidth(page, page.getByRole("button", { name: `More actions for ${file.name}` }));
  }

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Download ${first.name}` }).click()]);
  expect(download.suggestedFilename()).toBe(first.name);
  expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(first.data));

  await fileRowAction(page, first.name, "Rename");
  const dialog = page.getByRole("dialog", { name: "Rename file" });
  await dialog.getByLabel("New name").fill("../annual report.bin");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(notice(page, 'Renamed to "annual report.bin".')).toBeVisible();
  await expect(page.getByRole("link", { name: "annual report.bin", exact: true })).toBeVisible();

  await fileRowAction(page, "annual report.bin", "Delete");
  const confirm = page.getByRole("dialog", { name: "Delete file?" });
  await expect(confirm).toContainText("annual report.bin");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(notice(page, 'Deleted "annual report.bin".')).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole("link", { name: second.name, exact: true })).toBeVisible();
  await context.close();
});
