import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoSidewaysScroll, field, hydrated, registeredBrowser, screen, toast, uniqueUsername } from "../support/e2e";

/** Clicks what starts a download and answers the bytes the browser saved. */
async function downloadBytes(page: Page, trigger: Locator): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  expect(await download.failure()).toBeNull();
  return fs.readFileSync((await download.path())!);
}

test("share with a registered user, revoke, then a password link with a download limit of 1", async ({ browser }) => {
  const fileName = `plan-${randomBytes(3).toString("hex")}.bin`;
  const content = randomBytes(200_000);
  const linkPassword = `link ${randomBytes(6).toString("base64url")}`;

  const bobName = uniqueUsername("bob");
  const bob = await registeredBrowser(browser, bobName);
  const alice = await registeredBrowser(browser, uniqueUsername("alice"));

  await test.step("alice uploads a file and opens its page", async () => {
    const chooser = await hydrated(alice.page.getByLabel("Choose files"));
    await chooser.setInputFiles({ name: fileName, mimeType: "application/octet-stream", buffer: content });
    await expect(toast(alice.page, `Uploaded "${fileName}".`)).toBeVisible();
    await alice.page.getByRole("link", { name: fileName, exact: true }).click();
    await expect(alice.page).toHaveURL(/\/files\/[A-Za-z0-9_-]+$/);
    await expect(alice.page.getByRole("heading", { name: fileName })).toBeVisible();
  });

  await test.step("alice shares it with bob", async () => {
    const share = await hydrated(alice.page.getByRole("button", { name: "Share", exact: true }));
    await field(alice.page, "Share with (username)").fill(bobName.toUpperCase());
    await share.click();
    await expect(toast(alice.page, `Shared with ${bobName}.`)).toBeVisible();
    await expect(alice.page.getByRole("table", { name: "People with access" })).toContainText(bobName);
    await expectNoSidewaysScroll(alice.page);
  });

  await test.step('bob finds it under "Shared with me" and downloads the same bytes', async () => {
    await bob.page.goto("/dashboard");
    const row = bob.page.getByTestId("shared-row").filter({ hasText: fileName });
    await expect(row).toBeVisible();
    const bytes = await downloadBytes(bob.page, row.getByRole("link", { name: `Download ${fileName}` }));
    expect(bytes.equals(content)).toBe(true);
  });

  await test.step("alice revokes the share and bob no longer sees the file", async () => {
    await (await hydrated(alice.page.getByRole("button", { name: `Stop sharing with ${bobName}` }))).click();
    // One rule for one share and for many: it asks first.
    const confirm = alice.page.getByRole("dialog", { name: `Stop sharing with ${bobName}?` });
    await expect(confirm).toContainText(`${bobName} will no longer see this file under Shared with me.`);
    await confirm.getByRole("button", { name: "Stop sharing" }).click();
    await expect(toast(alice.page, `${bobName} no longer has access.`)).toBeVisible();
    await expect(alice.page.getByText("Not shared with anyone yet.")).toBeVisible();
    await bob.page.reload();
    await expect(bob.page.getByTestId("shared-row")).toHaveCount(0);
    await expect(bob.page.getByText("Nothing has been shared with you yet.")).toBeVisible();
  });

  let linkUrl = "";
  await test.step("alice creates a link with a password and a download limit of 1", async () => {
    const create = await hydrated(alice.page.getByRole("button", { name: "Create link" }));
    await field(alice.page, "Label (optional)").fill("For the client");
    await field(alice.page, "Expires").selectOption("7d");
    await field(alice.page, "Password (optional)").fill(linkPassword);
    await field(alice.page, "Download limit (optional)").fill("1");
    await create.click();
    const created = field(alice.page, "New link");
    await expect(created).toHaveAttribute("readonly", "");
    await expect(created).toHaveValue(/\/s\/[A-Za-z0-9_-]{32}$/);
    linkUrl = await created.inputValue();
    // A QR code of the same link, for handing it to a phone.
    await expect(alice.page.getByRole("img", { name: "QR code of the link" })).toBeVisible();
    await expect(alice.page.getByTestId("link-row").filter({ hasText: "For the client" })).toContainText("0 of 1 downloads");
  });

  await test.step("an anonymous visitor unlocks the link and downloads once", async () => {
    const visitor = await browser.newContext({ ...screen(), acceptDownloads: true });
    const page = await visitor.newPage();
    await page.goto(linkUrl);
    // Locked: nothing about the file shows, not even its name.
    await expect(page.getByRole("heading", { name: "A file was shared with you" })).toBeVisible();
    await expect(page.getByText(fileName)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Download" })).toHaveCount(0);

    const unlock = await hydrated(page.getByRole("button", { name: "Unlock" }));
    await field(page, "Password").fill(`${linkPassword}x`);
    await unlock.click();
    await expect(page.getByRole("alert").filter({ hasText: "That password is not correct." })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download" })).toHaveCount(0);

    await field(page, "Password").fill(linkPassword);
    await unlock.click();
    const downloadLink = page.getByRole("link", { name: "Download", exact: true });
    await expect(downloadLink).toBeVisible();
    await expect(page.getByRole("heading", { name: fileName })).toBeVisible();
    const bytes = await downloadBytes(page, downloadLink);
    expect(bytes.equals(content)).toBe(true);

    // The one download is used: the next try finds the link used up (and says so, with the same 404 as any gone link).
    await expect(async () => {
      await page.goto(linkUrl);
      await expect(page.getByRole("heading", { name: "No downloads left" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByText(fileName)).toHaveCount(0);
    await visitor.close();
  });

  await test.step("alice sees the link used up and the activity", async () => {
    await alice.page.reload();
    await expect(alice.page.getByTestId("link-row").filter({ hasText: "For the client" })).toContainText("used up");
    // The activity in the owner's words (the rows of the activity table, newest first).
    const activity = alice.page.getByTestId("activity-row");
    await expect(activity.first()).toContainText(`A visitor downloaded ${fileName} through the link "For the client"`);
    await expect(activity.first()).toContainText("(download 1 of 1)");
    await expect(activity.filter({ hasText: `${bobName} downloaded ${fileName}` })).toHaveCount(1);
    await expect(activity.filter({ hasText: `You stopped sharing ${fileName} with ${bobName}` })).toHaveCount(1);
    await expectNoSidewaysScroll(alice.page);
  });

  await alice.context.close();
  await bob.context.close();
});
