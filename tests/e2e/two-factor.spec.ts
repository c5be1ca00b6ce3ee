import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { field, hydrated, passphrase, register, signOut, toast, uniqueUsername } from "../support/e2e";

// A client with an address of its own (the e2e server trusts the browser as a proxy), so its registration and
// sign-ins spend their own limits, not the ones the other browser tests share.
test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.82" } });

/** The code an authenticator app with this key shows `offsetSteps` 30-second steps from now. */
function appCode(key: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

async function passwordStep(page: Page, username: string, password: string) {
  await page.goto("/login");
  const submit = await hydrated(page.getByRole("button", { name: "Sign in", exact: true }));
  await field(page, "Username or email").fill(username);
  await field(page, "Password").fill(password);
  await submit.click();
  await expect(field(page, "Authentication code")).toBeVisible();
  // The step explains itself: no toast repeats it (an instruction is not a success).
  await expect(page.getByText("Two-factor sign-in is on for this account.", { exact: false })).toBeVisible();
  // Counted once, not awaited: a toast would be gone by itself within an awaiting assertion's timeout.
  await page.waitForTimeout(1_000);
  expect(await page.locator("[data-sonner-toast]").count()).toBe(0);
}

async function codeStep(page: Page, code: string) {
  await field(page, "Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("two-factor: enrol with the QR code's key, sign in with a code, a replayed code is refused, a recovery code works", async ({
  page,
}) => {
  const username = uniqueUsername("tfa");
  const password = passphrase();
  await register(page, username, password);

  let key = "";
  let recoveryCodes: string[] = [];
  await test.step("turn it on in settings", async () => {
    await page.goto("/settings");
    await (await hydrated(page.getByRole("button", { name: "Set up two-factor sign-in" }))).click();
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    // Shown in groups of four, as people type it into an app; apps ignore the spaces.
    key = (await page.getByTestId("two-factor-key").textContent())!.replace(/\s/g, "");
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await field(page, "Your password").fill(password);
    await field(page, "Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That code is not correct, or it was already used." })).toBeVisible();
    await field(page, "Code from the app").fill(appCode(key));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(toast(page, "Two-factor sign-in is on and your other sessions are signed out. Save your recovery codes.")).toBeVisible();
    const codes = page.getByTestId("recovery-codes").getByRole("listitem");
    await expect(codes).toHaveCount(10);
    recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByText(/^Two-factor sign-in is on\. 10 recovery codes are left\.$/)).toBeVisible();
  });

  // The next step's code: later than the one that confirmed the set-up, and inside the one-step window.
  const code = appCode(key, 1);
  await test.step("sign out, then sign in: the password, then a code", async () => {
    await signOut(page);
    await passwordStep(page, username, password);
    await codeStep(page, code);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(toast(page, "Signed in.")).toBeVisible();
  });

  await test.step("the same code a second time is refused", async () => {
    await signOut(page);
    await passwordStep(page, username, password);
    await codeStep(page, code);
    await expect(field(page, "Authentication code")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "That code is not correct, or it was already used." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  await test.step("a recovery code signs in once", async () => {
    await codeStep(page, recoveryCodes[0]);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto("/settings");
    await expect(page.getByText(/^Two-factor sign-in is on\. 9 recovery codes are left\.$/)).toBeVisible();
  });
});
