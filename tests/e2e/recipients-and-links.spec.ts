// Issue 27's recipients and links in Chromium, at both widths: a recipient opens a shared PDF's page from "Shared
// with me" and sees it drawn; the owner copies a link and shows its QR code again after a reload, on the file's page
// and on "Shared by me"; an expiry chosen the moment the page appears holds; a visitor reads the label, the message,
// the downloads left, sees the button turn into "No downloads left", and gets a polite page for a used-up and a
// revoked link.
import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { closeToasts, field, hydrated, openMainLink, registeredBrowser, screen, toast, uniqueUsername } from "../support/e2e";
import { sampleImage, scriptedPdf } from "../support/sample-images";

/** Uploads one file through the chooser and opens its page once it is in the list. */
async function uploadAndOpen(page: Page, name: string, buffer: Buffer): Promise<string> {
  const chooser = await hydrated(page.getByLabel("Choose files"));
  // Waits for the upload's own answer (the tus request that completes it names the File), not for the words of the
  // upload panel.
  const uploaded = page.waitForResponse(
    (r) => new URL(r.url()).pathname.startsWith("/api/uploads") && r.headers()["coffer-file-id"] !== undefined,
  );
  await chooser.setInputFiles({ name, mimeType: "application/octet-stream", buffer });
  expect((await uploaded).ok()).toBe(true);
  await page.reload();
  await page.getByRole("link", { name, exact: true }).first().click();
  await expect(page).toHaveURL(/\/files\/[A-Za-z0-9_-]+$/);
  return page.url().split("/").pop()!;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}-${test.info().project.name}.png`, fullPage: true });
}

async function createLink(page: Page, opts: { label: string; limit?: string; message?: string; allowPreview?: boolean }) {
  const create = await hydrated(page.getByRole("button", { name: "Create link" }));
  await field(page, "Label (optional)").fill(opts.label);
  await field(page, "Expires").selectOption("never");
  if (opts.limit) await field(page, "Download limit (optional)").fill(opts.limit);
  if (opts.message) await field(page, "Message for visitors (optional)").fill(opts.message);
  if (opts.allowPreview) await page.getByLabel(/Allow previews/).check();
  const shown = field(page, "New link");
  const before = (await shown.count()) > 0 ? await shown.inputValue() : "";
  await create.click();
  await expect(toast(page, "Link created.").first()).toBeVisible();
  await expect(shown).toHaveValue(/\/s\/[A-Za-z0-9_-]{32}$/);
  await expect(shown).not.toHaveValue(before);
  return shown.inputValue();
}

test("a recipient opens a shared PDF's page from Shared with me and sees it drawn, read-only", async ({ browser }) => {
  const bobName = uniqueUsername("bob");
  const bob = await registeredBrowser(browser, bobName);
  const aliceName = uniqueUsername("alice");
  const alice = await registeredBrowser(browser, aliceName);
  const name = `minutes-${randomBytes(3).toString("hex")}.pdf`;
  const id = await uploadAndOpen(alice.page, name, scriptedPdf());
  const share = await hydrated(alice.page.getByRole("button", { name: "Share", exact: true }));
  await field(alice.page, "Share with (username)").fill(bobName);
  await share.click();
  await expect(toast(alice.page, `Shared with ${bobName}.`)).toBeVisible();

  await bob.page.goto("/dashboard");
  await openMainLink(bob.page, "Shared with me");
  await expect(bob.page).toHaveURL(/\/shared-with-me$/);
  await bob.page.getByRole("link", { name, exact: true }).click();
  await expect(bob.page).toHaveURL(new RegExp(`/files/${id}$`));
  await expect(bob.page.getByRole("heading", { name })).toBeVisible();
  await expect(bob.page.getByTestId("shared-by")).toHaveText(aliceName);
  await expect(bob.page.getByRole("img", { name: "Page 1 of 1" })).toBeVisible();
  await expect(bob.page.getByRole("link", { name: `Download ${name}` })).toBeVisible();
  for (const control of ["Create link", "Share", "Rename", "Delete"]) {
    await expect(bob.page.getByRole("button", { name: control, exact: true })).toHaveCount(0);
  }
  await shot(bob.page, "recipient-file-page");
  await bob.context.close();
  await alice.context.close();
});

async function clipboardOf(context: BrowserContext, page: Page): Promise<string> {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  return page.evaluate(() => navigator.clipboard.readText());
}

test("a link is copied and its QR code shown again after a reload, on the file's page and on Shared by me", async ({ browser }) => {
  const alice = await registeredBrowser(browser, uniqueUsername("alice"));
  await alice.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { page } = alice;
  await uploadAndOpen(page, `deck-${randomBytes(3).toString("hex")}.txt`, Buffer.from("slides\n"));
  const url = await createLink(page, { label: "For the board" });

  await page.reload();
  const row = page.getByTestId("link-row").filter({ hasText: "For the board" });
  await (await hydrated(row.getByRole("button", { name: "Copy link For the board" }))).click();
  await expect(toast(page, "Link copied to the clipboard.")).toBeVisible();
  expect(await clipboardOf(alice.context, page)).toBe(url);
  await row.getByRole("button", { name: "Show the QR code of link For the board" }).click();
  const dialog = page.getByRole("dialog", { name: "Link For the board" });
  await expect(dialog.getByRole("img", { name: "QR code of the link" })).toBeVisible();
  await expect(dialog.getByTestId("link-url")).toHaveValue(url);
  await shot(page, "file-page-link-qr");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await openMainLink(page, "Shared by me");
  const mine = page.getByTestId("my-link-row").filter({ hasText: "For the board" });
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await (await hydrated(mine.getByRole("button", { name: "Copy link For the board" }))).click();
  await expect.poll(() => clipboardOf(alice.context, page)).toBe(url);
  await shot(page, "shared-by-me");
  // On a phone the toast lies over the row's last buttons (and the test's pointer over it keeps it open): close it.
  await closeToasts(page);

  // Revoking asks first, and a revoked link offers no URL any more.
  await mine.getByRole("button", { name: /^Revoke link For the board/ }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke link For the board?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Revoke link", exact: true }).click();
  await expect(toast(page, "Revoked 1 link.")).toBeVisible();
  await expect(mine).toContainText("revoked");
  await expect(mine.getByRole("button", { name: /Copy link/ })).toHaveCount(0);
  // The page as it now comes from the server holds the URL nowhere.
  await page.reload();
  await expect(mine).toContainText("revoked");
  expect(await page.content()).not.toContain(new URL(url).pathname);
  await alice.context.close();
});

test('an expiry of "Never" chosen the moment the file page appears is the one the link gets', async ({ browser }) => {
  const alice = await registeredBrowser(browser, uniqueUsername("alice"));
  const { page } = alice;
  await uploadAndOpen(page, "never.txt", Buffer.from("never\n"));
  const fileUrl = page.url();
  // Hold the page's scripts, so that the choice is made before React takes the form over.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(fileUrl, { waitUntil: "domcontentloaded" });
  const expiry = field(page, "Expires");
  await expect(expiry).toBeVisible();
  // Until the scripts run, the form cannot be used (a choice made now would be reset when they do).
  await expect(expiry).toBeDisabled();
  const choosing = expiry.selectOption("never");
  release();
  await choosing;
  await page.unroute("**/_next/static/chunks/*.js");
  await expect(expiry).toHaveValue("never");
  await field(page, "Label (optional)").fill("Forever");
  await page.getByRole("button", { name: "Create link" }).click();
  await expect(toast(page, "Link created.")).toBeVisible();
  await expect(page.getByTestId("link-row").filter({ hasText: "Forever" })).toContainText("Never");
  await alice.context.close();
});

test("a visitor reads the label, message and downloads left, and after the last download the button says so", async ({ browser }) => {
  const alice = await registeredBrowser(browser, uniqueUsername("alice"));
  const name = `poster-${randomBytes(3).toString("hex")}.png`;
  await uploadAndOpen(alice.page, name, await sampleImage("png"));
  const limited = await createLink(alice.page, {
    label: "Poster proof",
    limit: "1",
    message: "Proof for Friday.\nTell me what you think.",
    allowPreview: true,
  });
  const revoked = await createLink(alice.page, { label: "Turned off" });

  const visitor = await browser.newContext({ ...screen(), acceptDownloads: true });
  const page = await visitor.newPage();
  await page.goto(limited);
  await expect(page).toHaveTitle(`${name} · Coffer`);
  await expect(page.getByTestId("link-label")).toHaveText("Poster proof");
  await expect(page.getByTestId("link-message")).toHaveText("Proof for Friday.\nTell me what you think.");
  await expect(page.getByTestId("downloads-left")).toHaveText("1 download left");
  // Previewed although the link is limited: the owner allowed it, and the preview took no download.
  const preview = page.getByRole("img", { name: `Preview of ${name}` });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, "visitor-limited-link");
  const download = await hydrated(page.getByRole("link", { name: "Download", exact: true }));
  const [saved] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(await saved.failure()).toBeNull();
  await expect(page.getByText("No downloads left", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download", exact: true })).toHaveCount(0);
  await shot(page, "visitor-no-downloads-left");

  // Reloaded, the link explains itself, with the same status as a link that never existed.
  const usedUp = await page.goto(limited);
  expect(usedUp?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No downloads left" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await shot(page, "visitor-used-up");

  await alice.page.reload();
  const row = alice.page.getByTestId("link-row").filter({ hasText: "Turned off" });
  await (await hydrated(row.getByRole("button", { name: "Revoke link Turned off" }))).click();
  await alice.page
    .getByRole("dialog", { name: "Revoke link Turned off?" })
    .getByRole("button", { name: "Revoke link", exact: true })
    .click();
  await expect(toast(alice.page, 'Link "Turned off" revoked.')).toBeVisible();
  const gone = await page.goto(revoked);
  expect(gone?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This link was turned off" })).toBeVisible();
  const unknown = await page.goto(`/s/${"x".repeat(32)}`);
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Link not available" })).toBeVisible();
  await visitor.close();
  await alice.context.close();
});
