// The admin page in a real browser: disabling a user ends their session in their own browser at once,
// and anyone else gets the ordinary 404 page; an admin creates a user (who sets a password with the one-time link) and
// invites someone by link while registration is closed. (That no page breaks the CSP is tests/e2e/csp.spec.ts.)
import { expect, test } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import {
  expectNoSidewaysScroll,
  field,
  hydrated,
  ownAddress,
  passphrase,
  registeredBrowser,
  submitSignIn,
  toast,
  uniqueUsername,
} from "../support/e2e";

test("an admin disables a user who is signed in elsewhere: that user's next request ends at the sign-in page", async ({ browser }) => {
  const adminName = uniqueUsername("admin");
  const victimName = uniqueUsername("victim");
  const admin = await registeredBrowser(browser, adminName);
  await promoteToAdmin(adminName);
  const victim = await registeredBrowser(browser, victimName);
  await expect(victim.page.getByTestId("signed-in-user")).toContainText(victimName);

  await test.step("the admin disables the user from the admin page", async () => {
    await admin.page.goto("/admin");
    await expect(admin.page.getByRole("heading", { name: "Administration" })).toBeVisible();
    const row = admin.page.getByTestId("admin-user-row").filter({ hasText: victimName });
    await expect(row).toContainText("Active");
    await (await hydrated(row.getByRole("button", { name: `Disable ${victimName}` }))).click();
    await expect(toast(admin.page, `${victimName} is disabled and signed out everywhere.`)).toBeVisible();
    await expect(row).toContainText("Disabled");
    await expect(row.getByRole("button", { name: `Enable ${victimName}` })).toBeVisible();
  });

  await test.step("the user's next request ends at the sign-in page", async () => {
    await victim.page.reload();
    await expect(victim.page).toHaveURL(/\/login/);
    await expect(field(victim.page, "Username or email")).toBeVisible();
    await victim.page.goto("/dashboard");
    await expect(victim.page).toHaveURL(/\/login/);
  });

  await admin.context.close();
  await victim.context.close();
});

test("a user who is not an admin gets the 404 page at /admin", async ({ browser }) => {
  const user = await registeredBrowser(browser, uniqueUsername("plain"));
  await expect(user.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await user.page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(user.page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(user.page.getByRole("heading", { name: "Administration" })).toHaveCount(0);
  await expect(user.page.getByText("Audit trail")).toHaveCount(0);
  await user.context.close();
});

test("an admin creates a user, who sets a password with the one-time link and signs in", async ({ browser, baseURL }) => {
  const adminName = uniqueUsername("admin");
  const newName = uniqueUsername("newbie");
  const admin = await registeredBrowser(browser, adminName);
  await promoteToAdmin(adminName);

  let link = "";
  await test.step("the admin fills the labelled form and is shown the link once", async () => {
    await admin.page.goto("/admin");
    const form = admin.page.getByRole("form", { name: "Create a user" });
    const create = await hydrated(form.getByRole("button", { name: "Create user" }));
    await form.getByLabel("Username", { exact: true }).fill(newName);
    await create.click();
    const dialog = admin.page.getByRole("dialog", { name: `Password link for ${newName}` });
    await expect(dialog).toContainText("until then the account cannot sign in");
    link = await dialog.getByLabel("Set-password link").inputValue();
    expect(link).toMatch(new RegExp(`^${baseURL}/set-password#[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole("button", { name: "Done" }).click();
    const row = admin.page.getByTestId("admin-user-row").filter({ hasText: newName });
    await expect(row).toContainText("No password yet");
    // A taken name is said under the field.
    await form.getByLabel("Username", { exact: true }).fill(newName);
    await create.click();
    await expect(form.getByText("That username is taken.")).toBeVisible();
    await admin.page.reload();
    expect(await admin.page.content()).not.toContain(link.split("#")[1]);
  });

  await test.step("the admin page at both widths", async () => {
    for (const width of [1280, 390]) {
      await admin.page.setViewportSize({ width, height: 900 });
      await admin.page.goto("/admin");
      await expect(admin.page.getByRole("heading", { name: "Create a user" })).toBeVisible();
      await expectNoSidewaysScroll(admin.page);
      await admin.page.screenshot({ path: test.info().outputPath(`admin-${width}.png`), fullPage: true });
    }
  });

  await test.step("the new user cannot sign in yet, opens the link, chooses a password and signs in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await ownAddress(page);
    await submitSignIn(page, newName, passphrase());
    await expect(page).toHaveURL(/\/login/);
    await page.goto(link);
    await expect(page).toHaveURL(/\/set-password$/);
    await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
    await expect(page.getByText(`For the account ${newName}.`, { exact: false })).toBeVisible();
    const password = passphrase();
    const save = await hydrated(page.getByRole("button", { name: "Set my password" }));
    await field(page, "New password").fill(password);
    await field(page, "New password again").fill(password);
    await save.click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(toast(page, "Your password is set. Sign in with it.")).toBeVisible();
    await submitSignIn(page, newName, password);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("signed-in-user")).toContainText(newName);
    // The link worked once.
    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(link);
    await expect(
      second.getByRole("alert").filter({
        hasText: "This link does not work any more: it was used or it expired. Ask the administrator who made your account for a new one.",
      }),
    ).toBeVisible();
    await again.close();
    await context.close();
  });
  await admin.context.close();
});

test("an invitation registers someone while registration is closed, once", async ({ browser, baseURL }) => {
  const adminName = uniqueUsername("admin");
  const invitedName = uniqueUsername("invited");
  const admin = await registeredBrowser(browser, adminName);
  await promoteToAdmin(adminName);
  await admin.page.goto("/admin");
  await (await hydrated(admin.page.getByRole("button", { name: "Close registration" }))).click();
  await expect(admin.page.getByText("Public registration is closed.")).toBeVisible();
  try {
    let link = "";
    await test.step("the admin makes an invitation and sees it listed", async () => {
      const form = admin.page.getByRole("form", { name: "Make an invitation" });
      await expect(form.getByLabel("Works for")).toHaveValue("7");
      await (await hydrated(form.getByRole("button", { name: "Make an invitation link" }))).click();
      const dialog = admin.page.getByRole("dialog", { name: /^Invitation #/ });
      link = await dialog.getByLabel("Invitation link").inputValue();
      expect(link).toMatch(new RegExp(`^${baseURL}/register#[A-Za-z0-9_-]{43}$`));
      await dialog.getByRole("button", { name: "Done" }).click();
      await expect(admin.page.getByTestId("invitation-row")).not.toHaveCount(0);
    });

    await test.step("without the link the page says registration is closed; with it, the form registers", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await ownAddress(page);
      await page.goto("/register");
      await expect(page.getByText("Registration is closed on this server. Ask its administrator for an account.")).toBeVisible();
      // Opened as from a message: a fresh page (from /register itself, only the fragment would change).
      await page.goto("about:blank");
      await page.goto(link);
      await expect(page).toHaveURL(/\/register$/);
      await expect(page.getByText("You were invited")).toBeVisible();
      const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
      await field(page, "Username").fill(invitedName);
      await field(page, "Password").fill(passphrase());
      await submit.click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByTestId("signed-in-user")).toContainText(invitedName);
      await context.close();
    });

    await test.step("the used link is refused politely", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(link);
      await expect(
        page.getByRole("alert").filter({
          hasText:
            "This invitation does not work any more: it was used, it expired, or it was withdrawn. Ask the administrator for a new one.",
        }),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Create account" })).toHaveCount(0);
      await context.close();
    });
  } finally {
    await admin.page.goto("/admin");
    await (await hydrated(admin.page.getByRole("button", { name: "Open registration" }))).click();
    await expect(admin.page.getByText("Public registration is open.")).toBeVisible();
    await admin.context.close();
  }
});
