// Every page of the app in Chromium, under its real Content Security Policy: signed out, signed in, as an
// admin, a link page locked and unlocked, the 404 pages and the error page. Each must hydrate (its scripts
// carry the request's nonce) and none may log a CSP violation.
import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import { changeE2eRows, readE2eValue } from "../support/e2e-database";
import { field, hydrated, register, toast, uniqueUsername } from "../support/e2e";

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

test("no page breaks the Content Security Policy, and every page hydrates", async ({ browser }) => {
  // Some twenty page loads, each waiting for the network to settle and for hydration.
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const { violations, watch } = await recordViolations(context);
  const page = await context.newPage();
  watch(page);
  const visit = async (path: string, heading: string | RegExp, status = 200) => {
    const response = await page.goto(path, { waitUntil: "networkidle" });
    expect(response?.status(), path).toBe(status);
    await expect(page.getByRole("heading", { name: heading }).first()).toBeVisible();
    // Hydration runs the page's scripts: a blocked one would leave the page without React.
    await hydrated(page.getByRole("heading", { name: heading }).first());
  };

  await test.step("pages for visitors", async () => {
    await visit("/", "Coffer");
    await visit("/login", "Sign in to Coffer");
    await visit("/register", "Create your account");
    await visit("/no/such/page", "Page not found", 404);
  });

  const username = uniqueUsername("csp");
  const fileName = `csp-${randomBytes(3).toString("hex")}.txt`;
  const linkPassword = `link ${randomBytes(6).toString("base64url")}`;
  let fileId = "";
  let openLink = "";
  let lockedLink = "";

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
    fileId = new URL(page.url()).pathname.split("/").pop()!;
    // Loaded as a document of its own too, not only through the client-side router.
    await visit(`/files/${fileId}`, fileName);
    await (await hydrated(page.getByRole("button", { name: "Create link" }))).click();
    openLink = await field(page, "New link").inputValue();
    await field(page, "Password (optional)").fill(linkPassword);
    await page.getByRole("button", { name: "Create link" }).click();
    await expect(field(page, "New link")).not.toHaveValue(openLink);
    lockedLink = await field(page, "New link").inputValue();
    for (const url of [openLink, lockedLink]) expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
    await visit("/no/such/page", "Page not found", 404);
    await visit("/files/no-such-file", "Page not found", 404);
  });

  await test.step("the error page", async () => {
    // A row the app cannot read makes the file page fail on the server, as a real fault would.
    const createdAt = readE2eValue('SELECT "createdAt" FROM "File" WHERE "id" = ?', [fileId]);
    expect(createdAt).toBeDefined();
    expect(changeE2eRows('UPDATE "File" SET "createdAt" = ? WHERE "id" = ?', ["not a date", fileId])).toBe(1);
    try {
      await visit(`/files/${fileId}`, "Something went wrong", 500);
      await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    } finally {
      expect(changeE2eRows('UPDATE "File" SET "createdAt" = ? WHERE "id" = ?', [createdAt, fileId])).toBe(1);
    }
    await visit(`/files/${fileId}`, fileName);
  });

  await test.step("link pages: open, locked, unlocked, not available", async () => {
    await visit(new URL(openLink).pathname, fileName);
    await visit(new URL(lockedLink).pathname, "A file was shared with you");
    await field(page, "Password").fill(linkPassword);
    await (await hydrated(page.getByRole("button", { name: "Unlock" }))).click();
    await expect(toast(page, "Unlocked. You can download the file now.")).toBeVisible();
    await expect(page.getByRole("heading", { name: fileName })).toBeVisible();
    await visit(new URL(lockedLink).pathname, fileName);
    await visit(`/s/${"x".repeat(32)}`, "Link not available", 404);
  });

  expect(violations).toEqual([]);

  await test.step("the recorder does see a violation (an image from elsewhere)", async () => {
    await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img alt="" src="https://csp-probe.invalid/pixel.png">'));
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations.join("\n")).toContain("img-src");
  });
  await context.close();
});
