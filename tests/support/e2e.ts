// Shared steps of the browser tests.
import { randomBytes } from "node:crypto";
import { expect, type Browser, type Locator, type Page } from "@playwright/test";

export const uniqueUsername = (prefix = "e2e") => `${prefix}_${randomBytes(5).toString("hex")}`;
export const passphrase = () => `passphrase ${randomBytes(6).toString("base64url")}`;

/** Toasts (sonner) live in the "Notifications" region. */
export const toast = (page: Page, text: string) => page.getByRole("region", { name: /notifications/i }).getByText(text, { exact: true });
export const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/**
 * Waits until React has hydrated the element. Before that, typing may be reset by the form library
 * and a click runs the browser's default (a plain form submit) instead of the app's handler.
 */
export async function hydrated(locator: Locator): Promise<Locator> {
  await expect.poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$")))).toBe(true);
  return locator;
}

/** Registers through the form and lands on the dashboard. */
export async function register(page: Page, username: string, password = passphrase()) {
  await page.goto("/register");
  const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
  await field(page, "Username").fill(username);
  await field(page, "Password").fill(password);
  await submit.click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** A browser of its own (its own cookies) with a freshly registered user. */
export async function registeredBrowser(browser: Browser, username: string) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await register(page, username);
  return { context, page };
}
