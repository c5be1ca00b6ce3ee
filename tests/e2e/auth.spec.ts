import { expect, test, type Browser, type Page } from "@playwright/test";
import { field, hydrated, passphrase, toast, uniqueUsername } from "../support/e2e";

async function register(page: Page, username: string, password: string) {
  await page.goto("/register");
  const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
  await field(page, "Username").fill(username);
  await field(page, "Email (optional)").fill(`${username}@example.com`);
  await field(page, "Password").fill(password);
  await submit.click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

async function signIn(page: Page, identifier: string, password: string) {
  await page.goto("/login");
  const submit = await hydrated(page.getByRole("button", { name: "Sign in", exact: true }));
  await field(page, "Username or email").fill(identifier);
  await field(page, "Password").fill(password);
  await submit.click();
}

async function expectDashboard(page: Page, username: string) {
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "My files" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(username);
}

/** A second browser (its own cookies) signed in as the same user. */
async function otherBrowser(browser: Browser, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, password);
  await expectDashboard(page, username);
  return { context, page };
}

test("register, sign out, sign in, change password: the older session is refused", async ({ page, browser }) => {
  const username = uniqueUsername();
  const password = passphrase();
  const newPassword = passphrase();

  await test.step("register and land on the dashboard", async () => {
    await register(page, username, password);
    await expectDashboard(page, username);
    await expect(toast(page, `Welcome to Coffer, ${username}.`)).toBeVisible();
  });

  await test.step("sign out", async () => {
    await (await hydrated(page.getByRole("button", { name: "Sign out", exact: true }))).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(toast(page, "Signed out.")).toBeVisible();
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  });

  await test.step("a wrong password is refused with the one message", async () => {
    await signIn(page, username, `${password}x`);
    await expect(toast(page, "Incorrect username, email or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  await test.step("sign in by email", async () => {
    await signIn(page, `${username.toUpperCase()}@EXAMPLE.COM`, password);
    await expectDashboard(page, username);
    await expect(toast(page, "Signed in.")).toBeVisible();
  });

  const other = await otherBrowser(browser, username, password);

  await test.step("change the password in settings", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    const submit = await hydrated(page.getByRole("button", { name: "Change password" }));
    await field(page, "Current password").fill(password);
    await field(page, "New password").fill(newPassword);
    await field(page, "Confirm new password").fill(newPassword);
    const visited: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await submit.click();
    await expect(toast(page, "Password changed. Other sessions were signed out.")).toBeVisible();
    await expect(field(page, "Current password")).toHaveValue("");
    // The page must stay put, with no detour through /login. Proving that something does not happen
    // takes a wait: give the router time to act on the whole answer.
    await page.waitForTimeout(1_500);
    expect(visited).not.toContain("/login");
    await expect(page).toHaveURL(/\/settings$/);
  });

  await test.step("this browser stays signed in", async () => {
    await page.goto("/dashboard");
    await expectDashboard(page, username);
  });

  await test.step("the session opened earlier elsewhere is refused", async () => {
    await other.page.reload();
    await expect(other.page).toHaveURL(/\/login/);
    await expect(field(other.page, "Username or email")).toBeVisible();
  });

  await test.step("the old password no longer works, the new one does", async () => {
    await signIn(other.page, username, password);
    await expect(toast(other.page, "Incorrect username, email or password.")).toBeVisible();
    await signIn(other.page, username, newPassword);
    await expectDashboard(other.page, username);
  });
  await other.context.close();
});

test("a wrong current password does not change the password", async ({ page }) => {
  const username = uniqueUsername();
  const password = passphrase();
  await register(page, username, password);
  await page.goto("/settings");
  const submit = await hydrated(page.getByRole("button", { name: "Change password" }));
  const newPassword = passphrase();
  await field(page, "Current password").fill(`${password}x`);
  await field(page, "New password").fill(newPassword);
  await field(page, "Confirm new password").fill(newPassword);
  await submit.click();
  // The message shows under the field it concerns, tied to it for screen readers.
  await expect(field(page, "Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "Your current password is not correct." })).toBeVisible();
  await page.goto("/dashboard");
  await expectDashboard(page, username);
});

test("sign out everywhere ends this session and every other one", async ({ page, browser }) => {
  const username = uniqueUsername();
  const password = passphrase();
  await register(page, username, password);
  const other = await otherBrowser(browser, username, password);

  await page.goto("/settings");
  await (await hydrated(page.getByRole("button", { name: "Sign out everywhere", exact: true }))).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(toast(page, "Signed out on every device.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);

  await other.page.reload();
  await expect(other.page).toHaveURL(/\/login/);
  await other.context.close();
});
