import { expect, test } from "@playwright/test";
import { field, hydrated, ownAddress, passphrase, toast, uniqueUsername } from "../support/e2e";
import { linkIn, mailsTo, waitForMail } from "../support/e2e-mail";

const SAME_ANSWER = /If an account has the confirmed address .* a link to choose a new password is on its way to it\./;

test("forgot password: confirm the address, ask for a link, set a new password; old sessions end, the link works once", async ({
  page,
  browser,
  baseURL,
}) => {
  const username = uniqueUsername("reset");
  const email = `${username}@example.test`;
  const password = passphrase();
  const newPassword = passphrase();
  await ownAddress(page);

  await test.step("register with an address and confirm it from the mail", async () => {
    await page.goto("/register");
    const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
    await field(page, "Username").fill(username);
    await field(page, "Email (optional)").fill(email);
    await field(page, "Password").fill(password);
    await submit.click();
    await expect(page).toHaveURL(/\/dashboard$/);
    const confirmation = await waitForMail(email, "Confirm your email address for Coffer");
    await page.goto(linkIn(confirmation, baseURL!, "/confirm-email#"));
    await expect(page.getByText(`Confirm that ${email} is the email address of the Coffer account ${username}.`)).toBeVisible();
    // The token left the address bar as soon as the page read it.
    await expect(page).toHaveURL(/\/confirm-email$/);
    await (await hydrated(page.getByRole("button", { name: "Confirm this address" }))).click();
    await expect(page.getByText(`${email} is confirmed: mail for your account goes there now.`)).toBeVisible();
  });

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await test.step("another browser is signed in too", async () => {
    await ownAddress(otherPage);
    await otherPage.goto("/login");
    const submit = await hydrated(otherPage.getByRole("button", { name: "Sign in", exact: true }));
    await field(otherPage, "Username or email").fill(username);
    await field(otherPage, "Password").fill(password);
    await submit.click();
    await expect(otherPage).toHaveURL(/\/dashboard$/);
  });

  await test.step("an unknown address gets the same page as a real one", async () => {
    await page.context().clearCookies();
    for (const address of [`nobody-${username}@example.test`, email]) {
      await page.goto("/login");
      await (await hydrated(page.getByRole("link", { name: "Forgot password?" }))).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      const send = await hydrated(page.getByRole("button", { name: "Send me a reset link" }));
      await field(page, "Email address").fill(address);
      await send.click();
      await expect(page.getByRole("status")).toHaveText(SAME_ANSWER);
      await expect(page.getByRole("status")).toContainText(address);
    }
    expect(await mailsTo(`nobody-${username}@example.test`)).toHaveLength(0);
  });

  let resetLink = "";
  await test.step("open the mailed link and choose a new password", async () => {
    const mail = await waitForMail(email, "Reset your Coffer password");
    resetLink = linkIn(mail, baseURL!, "/reset-password#");
    await page.goto(resetLink);
    await expect(page.getByText(`For the account ${username}.`, { exact: false })).toBeVisible();
    await expect(page).toHaveURL(/\/reset-password$/);
    await page.screenshot({ path: test.info().outputPath("reset-password.png"), fullPage: true });
    const save = await hydrated(page.getByRole("button", { name: "Set the new password" }));
    await field(page, "New password").fill(newPassword);
    await field(page, "New password again").fill(`${newPassword}x`);
    await save.click();
    await expect(page.getByText("The two new passwords do not match.")).toBeVisible();
    await field(page, "New password again").fill(newPassword);
    await save.click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(toast(page, "Your password is changed and every session was signed out. Sign in with the new password.")).toBeVisible();
  });

  await test.step("the other browser's session is gone", async () => {
    await otherPage.goto("/dashboard");
    // Its cookie is still there but names a session that ended: the page sends it to sign in.
    await expect(otherPage).toHaveURL(/\/login(\?next=%2Fdashboard)?$/);
    await expect(otherPage.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await other.close();
  });

  await test.step("the link does not work twice", async () => {
    await page.goto(resetLink);
    await expect(page.getByRole("alert").filter({ hasText: "This reset link does not work any more" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  });

  await test.step("the new password signs in, and the mail says the password was reset", async () => {
    await page.goto("/login");
    const submit = await hydrated(page.getByRole("button", { name: "Sign in", exact: true }));
    await field(page, "Username or email").fill(email);
    await field(page, "Password").fill(newPassword);
    await submit.click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await waitForMail(email, "Your Coffer password was reset");
  });
});
