import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { field, hydrated, ownAddress, passphrase, register, registeredBrowser, submitSignIn, toast, uniqueUsername } from "../support/e2e";
import { linkIn, mailsTo, waitForMail } from "../support/e2e-mail";
import { promoteToAdmin } from "../support/e2e-admin";

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
    await submitSignIn(otherPage, username, password);
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
    await submitSignIn(page, email, newPassword);
    await expect(page).toHaveURL(/\/dashboard$/);
    await waitForMail(email, "Your Coffer password was reset");
  });
});

/** The code an authenticator app with this key shows `offsetSteps` 30-second steps from now. */
const appCode = (key: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(key), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

/** Turns two-factor on in Settings; answers the key and the recovery codes. */
async function turnOnTwoFactor(page: Page, password: string) {
  await page.goto("/settings");
  await (await hydrated(page.getByRole("button", { name: "Set up two-factor sign-in" }))).click();
  const key = (await page.getByTestId("two-factor-key").textContent())!.replace(/\s/g, "");
  await field(page, "Your password").fill(password);
  await field(page, "Code from the app").fill(appCode(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
  await page.getByRole("button", { name: "I have saved them" }).click();
  return { key, recoveryCodes };
}

test("an admin's reset link: shown once on the admin page; for a two-factor account the form and the next sign-in still ask for a code", async ({
  browser,
  baseURL,
}) => {
  // Two registrations, a two-factor set-up, a promotion by the admin command (a process of its own) and a reset: about
  // 55 s on a quiet machine, against Playwright's 60 s default (it ran out at the last line on a busy one).
  test.setTimeout(120_000);
  const adminName = uniqueUsername("admin");
  const username = uniqueUsername("lost");
  const admin = await registeredBrowser(browser, adminName);
  await promoteToAdmin(adminName);
  const password = passphrase();
  const own = await browser.newContext();
  const ownPage = await own.newPage();
  await register(ownPage, username, password);
  const { key, recoveryCodes } = await test.step("the user turns two-factor on", () => turnOnTwoFactor(ownPage, password));

  let resetLink = "";
  await test.step("the admin makes a reset link from the admin page; it is shown once", async () => {
    await admin.page.goto("/admin");
    const row = admin.page.getByTestId("admin-user-row").filter({ hasText: username });
    await (await hydrated(row.getByRole("button", { name: `Make a password reset link for ${username}` }))).click();
    const dialog = admin.page.getByRole("dialog", { name: `Reset link for ${username}` });
    await expect(dialog).toContainText("Two-factor sign-in, if on, is still asked.");
    resetLink = await dialog.getByLabel("Reset link").inputValue();
    expect(resetLink).toMatch(new RegExp(`^${baseURL}/reset-password#[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole("button", { name: "Done" }).click();
    await admin.page.reload();
    expect(await admin.page.content()).not.toContain(resetLink.split("#")[1]);
  });

  const newPassword = passphrase();
  await test.step("the reset form asks for a code, and refuses without one", async () => {
    const visitor = await browser.newContext();
    const page = await visitor.newPage();
    await ownAddress(page);
    await page.goto(resetLink);
    await expect(page).toHaveURL(/\/reset-password$/);
    await expect(page.getByText(`For the account ${username}.`, { exact: false })).toBeVisible();
    const save = await hydrated(page.getByRole("button", { name: "Set the new password" }));
    await field(page, "New password").fill(newPassword);
    await field(page, "New password again").fill(newPassword);
    await save.click();
    // Under the field (and as a toast), and nothing changed: the field is marked.
    await expect(page.getByRole("alert").filter({ hasText: "Enter a code from your authenticator app or a recovery code." })).toBeVisible();
    await expect(field(page, "Authentication code")).toHaveAttribute("aria-invalid", "true");
    await field(page, "Authentication code").fill(appCode(key, 1));
    await save.click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(toast(page, "Your password is changed and every session was signed out. Sign in with the new password.")).toBeVisible();

    await test.step("the user's session is gone; the new password signs in only with a code", async () => {
      await ownPage.goto("/dashboard");
      await expect(ownPage).toHaveURL(/\/login(\?next=%2Fdashboard)?$/);
      await submitSignIn(page, username, newPassword);
      await expect(field(page, "Authentication code")).toBeVisible();
      await expect(page).toHaveURL(/\/login/);
      await field(page, "Authentication code").fill(recoveryCodes[0]);
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
    });
    await visitor.close();
  });
  await own.close();
  await admin.context.close();
});
