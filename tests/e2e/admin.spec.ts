// The admin page in a real browser: disabling a user ends their session in their own browser at once,
// and anyone else gets the ordinary 404 page. And no page of the app, signed in or not, breaks its
// Content Security Policy.
import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import { field, hydrated, register, registeredBrowser, toast, uniqueUsername } from "../support/e2e";

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

/** Collects CSP violations from the console and from `securitypolicyviolation` events, on every page of the context. */
async function recordViolations(context: BrowserContext): Promise<{ violations: string[]; watch(page: Page): void }> {
  const violations: string[] = [];
  await context.exposeFunction("__cofferCspViolation", (report: string) => violations.push(report));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __cofferCspViolation(report: string): void }).__cofferCspViolation;
      void report(
        `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return {
    violations,
    watch(page: Page) {
      page.on("console", (message) => {
        if (message.text().includes("Content Security Policy")) violations.push(`${page.url()}: console: ${message.text()}`);
      });
    },
  };
}

test("no page breaks the Content Security Policy", async ({ browser }) => {
  const context = await browser.newContext();
  const { violations, watch } = await recordViolations(context);
  const page = await context.newPage();
  watch(page);
  const visit = async (path: string, heading: string | RegExp) => {
    await page.goto(path, { waitUntil: "networkidle" });
    await expect(page.getByRole("heading", { name: heading }).first()).toBeVisible();
    // Hydration runs the page's scripts: a blocked one would show up by now.
    await hydrated(page.locator("body button, body a").first());
  };

  await test.step("pages for visitors", async () => {
    await visit("/", "Coffer");
    await visit("/login", "Sign in to Coffer");
    await visit("/register", "Create your account");
  });

  const username = uniqueUsername("csp");
  const fileName = `csp-${randomBytes(3).toString("hex")}.txt`;
  let linkUrl = "";

  await test.step("pages for a signed-in admin", async () => {
    await register(page, username);
    await promoteToAdmin(username);
    await visit("/dashboard", "My files");
    const chooser = await hydrated(page.getByLabel("Choose files"));
    await chooser.setInputFiles({ name: fileName, mimeType: "text/plain", buffer: Buffer.from("checked under the CSP\n") });
    await expect(toast(page, `Uploaded "${fileName}".`)).toBeVisible();
    await visit("/settings", "Settings");
    await visit("/admin", "Administration");
    await visit("/dashboard", "My files");
    await page.getByRole("link", { name: fileName, exact: true }).click();
    await expect(page).toHaveURL(/\/files\/[A-Za-z0-9_-]+$/);
    // Loaded as a document of its own too, not only through the client-side router.
    await visit(new URL(page.url()).pathname, fileName);
    await (await hydrated(page.getByRole("button", { name: "Create link" }))).click();
    linkUrl = await page.getByLabel("New link (shown only once)").inputValue();
    expect(linkUrl).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
  });

  await test.step("a link page", async () => {
    await visit(new URL(linkUrl).pathname, fileName);
  });

  expect(violations).toEqual([]);

  await test.step("the recorder does see a violation (an image from elsewhere)", async () => {
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img alt="" src="https://csp-probe.invalid/pixel.png">'));
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations.join("\n")).toContain("img-src");
  });
  await context.close();
});
