import { expect, test } from "@playwright/test";
import { field, hydrated, passphrase, register, toast, uniqueUsername } from "../support/e2e";

// Clients with addresses of their own (the e2e server trusts the browser as a proxy): these registrations and
// sign-ins spend their own limits, not the ones the other browser tests share.
const LAPTOP = { "x-forwarded-for": "198.51.100.81" };
const PHONE = { "x-forwarded-for": "2001:db8:abcd:12::1" };
test.use({ extraHTTPHeaders: LAPTOP });

test("the session list: this device is marked, another session is signed out from here", async ({ page, browser }) => {
  const username = uniqueUsername("ses");
  const password = passphrase();
  await register(page, username, password, { address: LAPTOP["x-forwarded-for"] });

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: PHONE });
  const phonePage = await phone.newPage();
  await phonePage.goto("/login");
  const submit = await hydrated(phonePage.getByRole("button", { name: "Sign in", exact: true }));
  await field(phonePage, "Username or email").fill(username);
  await field(phonePage, "Password").fill(password);
  await submit.click();
  await expect(phonePage).toHaveURL(/\/dashboard$/);

  await page.goto("/settings");
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("This device");
  await expect(rows.nth(1)).not.toContainText("This device");
  await expect(rows.first()).toContainText("Chrome");
  await expect(rows.first()).toContainText("From 198.51.100.0/24");
  await expect(rows.nth(1)).toContainText("From 2001:0db8:abcd::/48");

  await (await hydrated(rows.nth(1).getByRole("button", { name: /^Sign out / }))).click();
  await expect(toast(page, "That session is signed out.")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(page.getByText("No other device is signed in to this account.")).toBeVisible();

  await phonePage.reload();
  await expect(phonePage).toHaveURL(/\/login/);
  await phone.close();
});

test("a copied session cookie stops working when the browser signs out", async ({ page, browser }) => {
  await register(page, uniqueUsername("cpy"));
  const copied = (await page.context().cookies()).filter((cookie) => cookie.name.includes("session-token"));
  expect(copied.length).toBeGreaterThan(0);

  // The copy works while the session lasts…
  const thief = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.66" } });
  await thief.addCookies(copied);
  const thiefPage = await thief.newPage();
  await thiefPage.goto("/dashboard");
  await expect(thiefPage).toHaveURL(/\/dashboard$/);

  // …and not after the owner signs out.
  await (await hydrated(page.getByRole("button", { name: "Sign out", exact: true }))).click();
  await expect(page).toHaveURL(/\/login$/);
  await thiefPage.goto("/dashboard");
  await expect(thiefPage).toHaveURL(/\/login/);
  await thief.close();
});
