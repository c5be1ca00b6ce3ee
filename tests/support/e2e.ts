// Shared steps of the browser tests.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";

export const uniqueUsername = (prefix = "e2e") => `${prefix}_${randomBytes(5).toString("hex")}`;
export const passphrase = () => `passphrase ${randomBytes(6).toString("base64url")}`;

/** Toasts (sonner) live in the "Notifications" region. */
export const toast = (page: Page, text: string) => page.getByRole("region", { name: /notifications/i }).getByText(text, { exact: true });
/** Closes every open toast with its close button, as a person would to reach what it lies over. */
export async function closeToasts(page: Page) {
  const close = page.getByRole("region", { name: /notifications/i }).getByRole("button", { name: "Close notification" });
  // A toast may fade by itself between the count and the click.
  for (let i = 0; i < 10 && (await close.count()) > 0; i++)
    await close
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
  await expect(close).toHaveCount(0);
}
/** Chooses Rename or Delete in a file row's "⋯" menu. */
export async function fileRowAction(page: Page, fileName: string, action: "Rename" | "Delete") {
  await (await hydrated(page.getByRole("button", { name: `More actions for ${fileName}` }))).click();
  await page
    .getByRole("menu", { name: `More actions for ${fileName}` })
    .getByRole("menuitem", { name: action })
    .click();
}
export const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/**
 * Waits until React has hydrated the element. Before that, typing may be reset by the form library
 * and a click runs the browser's default (a plain form submit) instead of the app's handler.
 */
export async function hydrated(locator: Locator): Promise<Locator> {
  await expect.poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$")))).toBe(true);
  return locator;
}

/**
 * A client address of its own for this page (the e2e server trusts X-Forwarded-For), from the benchmarking
 * range 198.18.0.0/15: every new account would otherwise come from 127.0.0.1 and meet the registration limit.
 */
export async function ownAddress(page: Page, address?: string) {
  const [a, b] = randomBytes(2);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": address ?? `198.18.${a}.${b}` });
}

/** Registers through the form (from `opts.address`, or an address of its own) and lands on the dashboard. */
export async function register(page: Page, username: string, password = passphrase(), opts: { address?: string } = {}) {
  await ownAddress(page, opts.address);
  await page.goto("/register");
  const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
  await field(page, "Username").fill(username);
  await field(page, "Password").fill(password);
  await submit.click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Opens the sign-in page and sends the password step; the caller checks where it leads. */
export async function submitSignIn(page: Page, identifier: string, password: string) {
  await page.goto("/login");
  const submit = await hydrated(page.getByRole("button", { name: "Sign in", exact: true }));
  await field(page, "Username or email").fill(identifier);
  await field(page, "Password").fill(password);
  await submit.click();
}

/**
 * The running project's screen (desktop, or a 390 × 844 phone) for contexts a test opens itself: the `browser`
 * fixture's newContext() does not apply the project's settings on its own.
 */
export function screen(): BrowserContextOptions {
  const use = test.info().project.use;
  return { viewport: use.viewport, deviceScaleFactor: use.deviceScaleFactor, isMobile: use.isMobile, hasTouch: use.hasTouch };
}

export const onPhone = () => (test.info().project.use.viewport?.width ?? 1280) < 640;

/** Nothing sticks out sideways: the page does not scroll horizontally, however narrow the screen. */
export async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

/** The element is wholly on screen horizontally (not cut off at the right edge). */
export async function expectWithinWidth(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, "the element is laid out").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

/** A main-menu link: on a phone the menu opens first. */
export async function openMainLink(page: Page, name: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  if (onPhone()) {
    const menu = await hydrated(nav.getByRole("button", { name: "Menu" }));
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  }
  await nav.getByRole("link", { name, exact: true }).click();
}

/** Signs out with the header's button (on a phone, from the menu) and lands on the sign-in page. */
export async function signOut(page: Page) {
  if (onPhone()) {
    const menu = await hydrated(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" }));
    if ((await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  }
  await (await hydrated(page.getByRole("button", { name: "Sign out", exact: true }))).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** A browser of its own (its own cookies) with a freshly registered user. */
export async function registeredBrowser(browser: Browser, username: string, options: { timezoneId?: string } = {}) {
  const context = await browser.newContext({ ...screen(), acceptDownloads: true, ...options });
  const page = await context.newPage();
  await register(page, username);
  return { context, page };
}
