// axe-core on every page, as a visitor, a signed-in user and an admin would see it, on a link's page and a
// locked link's page, in light and in dark mode, on a desktop screen and on a 390 × 844 phone. Any violation
// fails the test, with axe's own explanation.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import { fileRowAction, field, hydrated, register, toast, uniqueUsername } from "../support/e2e";
import { sampleImage } from "../support/sample-images";

// Fourteen pages through axe per screen and mode, after a set-up that registers two accounts (bcrypt) and uploads.
test.describe.configure({ mode: "serial", timeout: 360_000 });

const SCREENS: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const MODES = ["light", "dark"] as const;

type Fixture = {
  storageState: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;
  pages: Record<string, string>;
};
let fixture: Fixture;

/** One admin with an image, a text file, a share, a public link with previews and a locked link. */
async function setUp(browser: Browser): Promise<Fixture> {
  const context = await browser.newContext(SCREENS.desktop);
  const page = await context.newPage();
  const bobName = uniqueUsername("a11ybob");
  const bob = await browser.newContext();
  await register(await bob.newPage(), bobName);
  await bob.close();

  const adminName = uniqueUsername("a11y");
  await register(page, adminName);
  await promoteToAdmin(adminName);
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles([
    { name: "photo.png", mimeType: "image/png", buffer: await sampleImage("png") },
    { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n\nSome *text* and a [link](https://example.com).\n") },
  ]);
  await expect(toast(page, "Uploaded 2 files.")).toBeVisible();
  await page.reload();
  const fileHref = (name: string) => page.getByRole("link", { name, exact: true }).getAttribute("href");
  const photo = (await fileHref("photo.png"))!;
  const notes = (await fileHref("notes.md"))!;

  await page.goto(photo);
  await field(page, "Share with (username)").fill(bobName);
  await (await hydrated(page.getByRole("button", { name: "Share", exact: true }))).click();
  await expect(toast(page, `Shared with ${bobName}.`)).toBeVisible();
  const create = await hydrated(page.getByRole("button", { name: "Create link" }));
  await field(page, "Label (optional)").fill("Open");
  await create.click();
  const open = new URL(await field(page, "New link").inputValue()).pathname;
  await field(page, "Label (optional)").fill("Locked");
  await field(page, "Password (optional)").fill(`pw ${randomBytes(6).toString("hex")}`);
  await create.click();
  await expect(page.getByTestId("link-row")).toHaveCount(2);
  const locked = new URL(await field(page, "New link").inputValue()).pathname;

  const storageState = await context.storageState();
  await context.close();
  return {
    storageState,
    pages: {
      "my files": "/dashboard",
      "an image's page": photo,
      "a Markdown file's page": notes,
      "shared by me": "/shared",
      settings: "/settings",
      admin: "/admin",
      "a link's page": open,
      "a locked link's page": locked,
    },
  };
}

async function expectNoViolations(page: Page, path: string) {
  const response = await page.goto(path);
  // Let thumbnails and prefetches settle; Next's router can keep the network from ever being idle for long.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  expect(response?.status(), `${path} answers`).toBeLessThan(500);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(report, `axe on ${path}`).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  fixture = await setUp(browser);
});

for (const [screenName, screenOptions] of Object.entries(SCREENS)) {
  for (const mode of MODES) {
    test(`no axe violations on any page, ${screenName}, ${mode} mode`, async ({ browser }) => {
      // The system's dark mode: Coffer follows it until someone picks a mode in settings.
      const signedOut = await browser.newContext({ ...screenOptions, colorScheme: mode });
      const visitorPage = await signedOut.newPage();
      for (const path of [
        "/",
        "/login",
        "/register",
        "/forgot-password",
        // Without a token in the fragment each says so: the page still renders and must read well.
        "/reset-password",
        "/confirm-email",
        "/no-such-page",
        fixture.pages["a link's page"],
        fixture.pages["a locked link's page"],
      ]) {
        await test.step(`signed out: ${path}`, () => expectNoViolations(visitorPage, path));
      }
      await signedOut.close();

      const signedIn = await browser.newContext({ ...screenOptions, colorScheme: mode, storageState: fixture.storageState });
      const page = await signedIn.newPage();
      for (const [name, path] of Object.entries(fixture.pages)) {
        if (name.includes("link's page")) continue; // public pages, checked above
        await test.step(`signed in as an admin: ${name}`, () => expectNoViolations(page, path));
      }
      await test.step("with the phone menu or a dialog open", async () => {
        await page.goto("/dashboard");
        if (screenName === "phone") {
          await (await hydrated(page.getByRole("button", { name: "Menu" }))).click();
          await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
        } else {
          await fileRowAction(page, "photo.png", "Rename");
          await expect(page.getByRole("dialog", { name: "Rename file" })).toBeVisible();
        }
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      });
      await test.step("the check does see a violation (an image without a text alternative)", async () => {
        // A modal dialog makes the rest of the page inert, and axe rightly skips what is inert: close it first.
        await page.keyboard.press("Escape");
        await expect(page.getByRole("dialog")).toHaveCount(0);
        await page.evaluate(() => document.querySelector("main")!.insertAdjacentHTML("beforeend", '<img src="/icon.svg">'));
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(violations.map((v) => v.id)).toContain("image-alt");
      });
      await signedIn.close();
    });
  }
}
