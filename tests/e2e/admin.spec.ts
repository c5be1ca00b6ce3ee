// The admin page in a real browser: disabling a user ends their session in their own browser at once,
// and anyone else gets the ordinary 404 page. (That no page breaks the CSP is tests/e2e/csp.spec.ts.)
import { expect, test } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import { field, hydrated, registeredBrowser, toast, uniqueUsername } from "../support/e2e";

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
