// Issue 24's whole journey in Chromium, at both widths: the owner asks for files with a message and a password
// ("Request files" on the dashboard); an anonymous visitor in another browser unlocks the request, gives a name,
// uploads two files with progress and sees only a confirmation of what arrived, with no control to download or open
// anything; the owner finds both on the dashboard marked with the request's label (filtered by the request too) and on
// "Shared by me", and downloads them byte-exact. Screenshots of the dialog, the list and the visitor's page.
import fs from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { field, hydrated, registeredBrowser, screen, toast, uniqueUsername } from "../support/e2e";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}-${test.info().project.name}.png`, fullPage: true });
}

test("an owner asks for files, a visitor without an account sends two, the owner downloads them byte-exact", async ({ browser }) => {
  const ownerName = uniqueUsername("owner");
  const owner = await registeredBrowser(browser, ownerName);
  const label = `Receipts ${randomBytes(3).toString("hex")}`;
  const password = "request password 24";

  // The owner's dialog.
  await owner.page.goto("/dashboard");
  await (await hydrated(owner.page.getByRole("button", { name: "Request files" }))).click();
  const dialog = owner.page.getByRole("dialog", { name: "Request files" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("What for", { exact: true }).fill(label);
  await dialog.getByLabel("Message for the sender (optional)").fill("Please send March's receipts.");
  await dialog.getByLabel("Password (optional)").fill(password);
  await dialog.getByLabel("Files", { exact: true }).fill("5");
  await shot(owner.page, "request-files-dialog");
  await dialog.getByRole("button", { name: "Create request" }).click();
  await expect(toast(owner.page, `The request "${label}" is open. Copy its link and send it.`)).toBeVisible();
  const opened = owner.page.getByRole("dialog", { name: "Your request is open" });
  const url = await opened.getByLabel("Request link").inputValue();
  expect(url).toMatch(/\/r\/[A-Za-z0-9_-]{32}$/);
  await opened.getByRole("button", { name: "Done" }).click();

  // An anonymous visitor, in a browser of its own.
  const visitorContext = await browser.newContext({ ...screen(), acceptDownloads: true });
  const guest = await visitorContext.newPage();
  await guest.goto(new URL(url).pathname);
  await expect(guest.getByRole("heading", { name: "Someone asks you for files" })).toBeVisible();
  await expect(guest.getByText(label)).toHaveCount(0);
  await field(guest, "Password").fill("not it at all");
  await (await hydrated(guest.getByRole("button", { name: "Unlock" }))).click();
  await expect(guest.getByText("That password is not correct.")).toBeVisible();
  await field(guest, "Password").fill(password);
  await guest.getByRole("button", { name: "Unlock" }).click();
  await expect(guest.getByTestId("request-label")).toHaveText(label);
  await expect(guest.getByText(`${ownerName} asks you for files`)).toBeVisible();
  await expect(guest.getByTestId("request-message")).toHaveText("Please send March's receipts.");
  await field(guest, "Your name (optional)").fill("Carol Client");
  await shot(guest, "request-visitor-page");

  const files = [
    { name: `receipt-${randomBytes(2).toString("hex")}.bin`, buffer: randomBytes(3 * 1024 * 1024 + 77) },
    { name: `notes-${randomBytes(2).toString("hex")}.txt`, buffer: Buffer.from("coffee 3.20\nbus 2.10\n") },
  ];
  await (
    await hydrated(guest.getByLabel("Choose files"))
  ).setInputFiles(files.map((f) => ({ ...f, mimeType: "application/octet-stream" })));
  await expect(guest.getByText("Uploaded 2 files.")).toBeVisible();
  const confirmation = guest.getByTestId("request-confirmation");
  await expect(confirmation).toBeVisible();
  for (const file of files) await expect(confirmation.getByText(file.name)).toBeVisible();
  await expect(confirmation.getByText("3 MiB")).toBeVisible();
  // Nothing to download, open or preview: no link at all on the page.
  await expect(guest.getByRole("link")).toHaveCount(0);
  await expect(guest.getByRole("button", { name: /download|open|preview/i })).toHaveCount(0);
  await expect(guest.getByLabel("Choose files")).toHaveCount(0);
  await shot(guest, "request-visitor-confirmation");
  await visitorContext.close();

  // The owner: both files marked with the request's label, the filter, "Shared by me", and byte-exact downloads.
  await owner.page.goto("/dashboard");
  for (const file of files) {
    const row = owner.page.getByTestId("file-row").filter({ hasText: file.name });
    await expect(row.getByTestId("received-through")).toHaveText(`Received through ${label} from Carol Client`);
  }
  await field(owner.page, "Received through").selectOption({ label });
  await owner.page.getByRole("button", { name: "Search" }).click();
  await expect(owner.page).toHaveURL(/request=/);
  await expect(owner.page.getByTestId("file-row")).toHaveCount(2);

  await owner.page.goto("/shared");
  const requestRow = owner.page.getByTestId("my-request-row").filter({ hasText: label });
  await expect(requestRow).toContainText("open");
  await expect(requestRow.getByRole("link", { name: /2 files,/ })).toBeVisible();
  await shot(owner.page, "shared-by-me-requests");

  for (const file of files) {
    await owner.page.goto("/dashboard");
    await owner.page.getByRole("link", { name: file.name, exact: true }).click();
    await expect(owner.page).toHaveURL(/\/files\/[A-Za-z0-9_-]+$/);
    await expect(owner.page.getByTestId("file-received-through")).toContainText(`through ${label} from Carol Client`);
    const [download] = await Promise.all([
      owner.page.waitForEvent("download"),
      owner.page
        .getByRole("link", { name: `Download ${file.name}` })
        .first()
        .click(),
    ]);
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(file.buffer));
  }
  await owner.context.close();
});
