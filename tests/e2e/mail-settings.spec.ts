// Settings → Email address and Notifications in a real browser, with the e2e server's loopback mail server: a new
// address is used only once its mailed link is opened (the old one is told), a switch turned off stays off, and the
// footer's unsubscribe page turns its one kind off with a click (opening it changes nothing).
import { expect, test } from "@playwright/test";
import { field, hydrated, ownAddress, passphrase, register, submitSignIn, toast, uniqueUsername } from "../support/e2e";
import { linkIn, mailsTo, waitForMail } from "../support/e2e-mail";

const CONFIRM_SUBJECT = "Confirm your email address for Coffer";

test("settings: a new address is confirmed from its mail and the old one told; notifications turn off in Settings and from a mail's footer", async ({
  page,
  browser,
  baseURL,
}) => {
  const username = uniqueUsername("mailer");
  const password = passphrase();
  const first = `${username}@example.test`;
  const second = `${username}-new@example.test`;
  await register(page, username, password);
  const emailState = page.getByTestId("email-state");
  // The settings section (sonner's toasts live in a region called "Notifications alt+T").
  const notifications = page.getByRole("region", { name: "Notifications", exact: true });

  async function giveAddress(address: string) {
    await page.goto("/settings");
    const save = await hydrated(page.getByRole("button", { name: "Save email address" }));
    await page.getByRole("textbox", { name: "Email address", exact: true }).fill(address);
    await field(page, "Your current password").fill(password);
    await save.click();
    await expect(toast(page, `We sent a link to ${address}. The address is used once you open it (within 24 hours).`)).toBeVisible();
  }

  async function confirmFromMail(address: string) {
    const mail = await waitForMail(address, CONFIRM_SUBJECT);
    await page.goto(linkIn(mail, baseURL!, "/confirm-email#"));
    await (await hydrated(page.getByRole("button", { name: "Confirm this address" }))).click();
    await expect(page.getByText(`${address} is confirmed: mail for your account goes there now.`)).toBeVisible();
  }

  await test.step("a first address: asked for, confirmed from its mail", async () => {
    await page.goto("/settings");
    await expect(emailState).toHaveText("No email address.");
    await expect(notifications).toContainText("Notifications go to a confirmed email address");
    await giveAddress(first);
    await expect(page.getByTestId("email-pending")).toContainText(`Waiting for confirmation: ${first}`);
    await confirmFromMail(first);
    await page.goto("/settings");
    await expect(emailState).toHaveText(`${first} · confirmed`);
    await expect(notifications).not.toContainText("Notifications go to a confirmed email address");
  });

  await test.step("a new address: the old one stays in use until the new one is confirmed, then is told", async () => {
    await giveAddress(second);
    await page.reload();
    await expect(emailState).toHaveText(`${first} · confirmed`);
    await expect(page.getByTestId("email-pending")).toContainText(`Waiting for confirmation: ${second}`);
    await confirmFromMail(second);
    const told = await waitForMail(first, "The email address of your Coffer account changed");
    expect(told.text).toContain(second);
    await page.goto("/settings");
    await expect(emailState).toHaveText(`${second} · confirmed`);
  });

  const shares = () => notifications.getByRole("checkbox", { name: "A file is shared with me" });
  const signIns = () => notifications.getByRole("checkbox", { name: "Someone signs in to my account from a browser not seen before" });
  await test.step("a switch turned off in Settings stays off", async () => {
    await expect(await hydrated(shares())).toBeChecked();
    await shares().uncheck();
    await expect(toast(page, "Off: A file is shared with me.")).toBeVisible();
    await page.reload();
    await expect(shares()).not.toBeChecked();
    await expect(signIns()).toBeChecked();
    await notifications.screenshot({ path: test.info().outputPath("settings-notifications.png") });
  });

  await test.step("a sign-in from a new browser is mailed; its footer's page turns that kind off with a click", async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await ownAddress(otherPage);
    await submitSignIn(otherPage, username, password);
    await expect(otherPage).toHaveURL(/\/dashboard$/);
    const notice = await waitForMail(second, "New sign-in to your Coffer account");
    expect(await mailsTo(first, "New sign-in to your Coffer account")).toHaveLength(0);
    const footer = /Turn this kind of mail off: (\S+)/.exec(notice.text)?.[1];
    expect(footer).toMatch(new RegExp(`^${baseURL}/unsubscribe/`));

    // Opened without cookies (as a mail client would): it asks, and changes nothing until the click.
    const visitor = await browser.newContext();
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(footer!);
    await expect(
      visitorPage.getByText(`Stop mail to ${username} when “Someone signs in to my account from a browser not seen before”?`),
    ).toBeVisible();
    await page.reload();
    await expect(signIns()).toBeChecked();
    await (await hydrated(visitorPage.getByRole("button", { name: "Turn this mail off" }))).click();
    await expect(visitorPage.getByRole("status")).toContainText(`Done: ${username} no longer gets mail when`);
    await page.reload();
    await expect(signIns()).not.toBeChecked();
    await expect(shares()).not.toBeChecked();
    await expect(notifications.getByRole("checkbox", { name: /^My link reaches its download limit/ })).toBeChecked();
    await visitor.close();
    await other.close();
  });
});
