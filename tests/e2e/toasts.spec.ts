// Toasts in Chromium at both widths: one placement that covers none of the header, a close button a finger can hit,
// an error said once (under its field, or in a toast when no field shows it), an error toast that stays until it is
// read and is left behind with its page.
import { randomBytes } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { field, hydrated, registeredBrowser, toast, uniqueUsername } from "../support/e2e";
import { HTML_PAGE } from "../support/sample-images";

const notifications = (page: Page) => page.getByRole("region", { name: /notifications/i });

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function choose(page: Page, name: string, buffer: Buffer) {
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles({ name, mimeType: "application/octet-stream", buffer });
}

test("a toast covers none of the header, and its close button is big enough to hit and closes it", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("toast"));
  await choose(page, "hello.txt", Buffer.from("hello\n"));
  const shown = toast(page, 'Uploaded "hello.txt".');
  await expect(shown).toBeVisible();
  const card = notifications(page).locator("[data-sonner-toast]").filter({ hasText: 'Uploaded "hello.txt".' });
  expect(overlaps(await box(card), await box(page.locator("header")))).toBe(false);
  await page.screenshot({ path: `test-results/screens/toast-${test.info().project.name}.png` });

  const close = card.getByRole("button", { name: "Close notification" });
  const closeBox = await box(close);
  expect(Math.min(closeBox.width, closeBox.height)).toBeGreaterThanOrEqual(24);
  await close.click();
  await expect(shown).toHaveCount(0);
  await context.close();
});

test("a field's error is shown under the field only; an error no field shows is a toast that stays on its page", async ({ browser }) => {
  const { context, page } = await registeredBrowser(browser, uniqueUsername("errors"));
  await choose(page, "report.txt", Buffer.from("quarterly\n"));
  await expect(toast(page, 'Uploaded "report.txt".')).toBeVisible();
  await page.reload();
  await page.getByRole("link", { name: "report.txt", exact: true }).first().click();
  await expect(page).toHaveURL(/\/files\/[A-Za-z0-9_-]+$/);

  const nobody = `nobody_${randomBytes(4).toString("hex")}`;
  const share = await hydrated(page.getByRole("button", { name: "Share", exact: true }));
  await field(page, "Share with (username)").fill(nobody);
  await share.click();
  const message = `There is no user named "${nobody}".`;
  await expect(field(page, "Share with (username)")).toHaveAccessibleDescription(message);
  await expect(page.getByText(message, { exact: true })).toHaveCount(1);
  await expect(notifications(page).getByText(message, { exact: true })).toHaveCount(0);

  // A refused upload: its error toast outlasts a success toast's few seconds, then stays behind with its page.
  await page.goto("/dashboard");
  await choose(page, "innocent.png", HTML_PAGE);
  const refused = toast(page, '"innocent.png" was not uploaded: The content of "innocent.png" is not a .png file.');
  await expect(refused).toBeVisible();
  await page.waitForTimeout(6_000);
  await expect(refused).toBeVisible();
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(refused).toHaveCount(0);
  await context.close();
});
