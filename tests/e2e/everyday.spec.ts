// The everyday comforts in Chromium: several files deleted or shared with one confirmation, everything shared
// in one place with bulk revoke, the keyboard (`/` for search, Escape for dialogs and the phone menu, a visible
// focus ring on every stop), and the appearance switch.
import { expect, test, type Page } from "@playwright/test";
import { fileRowAction, hydrated, register, registeredBrowser, toast, uniqueUsername } from "../support/e2e";

async function uploadTexts(page: Page, names: string[]) {
  const chooser = await hydrated(page.getByLabel("Choose files"));
  await chooser.setInputFiles(names.map((name) => ({ name, mimeType: "text/plain", buffer: Buffer.from(`${name}\n`) })));
  await expect(toast(page, names.length === 1 ? `Uploaded "${names[0]}".` : `Uploaded ${names.length} files.`)).toBeVisible();
}

test("select files, share them and delete them with one confirmation each; revoke in bulk from Shared by me", async ({ browser }) => {
  const bobName = uniqueUsername("bulkbob");
  const bob = await registeredBrowser(browser, bobName);
  const { context, page } = await registeredBrowser(browser, uniqueUsername("bulk"));
  await uploadTexts(page, ["one.txt", "two.txt", "three.txt"]);
  const rows = page.getByTestId("file-row");
  await expect(rows).toHaveCount(3);

  await test.step("share two files at once", async () => {
    await (await hydrated(page.getByRole("checkbox", { name: "Select one.txt" }))).check();
    await page.getByRole("checkbox", { name: "Select two.txt" }).check();
    const bar = page.getByRole("region", { name: "Selected files" });
    await expect(bar).toContainText("2 files selected");
    await bar.getByRole("button", { name: "Share…" }).click();
    const dialog = page.getByRole("dialog", { name: "Share 2 files" });
    await dialog.getByLabel("Share with (username)").fill(bobName);
    await dialog.getByRole("button", { name: "Share", exact: true }).click();
    await expect(toast(page, `Shared 2 files with ${bobName}.`)).toBeVisible();
    await bob.page.reload();
    await expect(bob.page.getByTestId("shared-row")).toHaveCount(2);
  });

  await test.step("see them in Shared by me and revoke both shares at once", async () => {
    await page.goto("/shared");
    const shares = page.getByTestId("my-share-row");
    await expect(shares).toHaveCount(2);
    await (await hydrated(page.getByRole("checkbox", { name: "Select all shares" }))).check();
    await page.getByRole("region", { name: "Selected shares" }).getByRole("button", { name: "Revoke…" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke 2 shares?" });
    await expect(confirm).toContainText(`one.txt with ${bobName}`);
    await confirm.getByRole("button", { name: "Revoke 2 shares" }).click();
    await expect(toast(page, "Stopped 2 shares.")).toBeVisible();
    await expect(shares).toHaveCount(0);
    await bob.page.reload();
    await expect(bob.page.getByTestId("shared-row")).toHaveCount(0);
  });

  await test.step("delete two files with one confirmation", async () => {
    await page.goto("/dashboard");
    await (await hydrated(page.getByRole("checkbox", { name: "Select all files on this page" }))).check();
    await page.getByRole("checkbox", { name: "Select three.txt" }).uncheck();
    await page.getByRole("region", { name: "Selected files" }).getByRole("button", { name: "Delete…" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete 2 files?" });
    await expect(confirm).toContainText("one.txt");
    await expect(confirm).toContainText("two.txt");
    await confirm.getByRole("button", { name: "Delete 2 files" }).click();
    await expect(toast(page, "Deleted 2 files.")).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText("three.txt");
  });
  await context.close();
  await bob.context.close();
});

test("the keyboard: / jumps to search, Escape closes dialogs, every stop shows a focus ring", async ({ page }) => {
  await register(page, uniqueUsername("keys"));
  await uploadTexts(page, ["alpha.txt", "beta.txt"]);
  await page.reload();
  const search = page.getByLabel("Search by name");
  await hydrated(page.getByRole("button", { name: "More actions for alpha.txt" }));
  await page.locator("body").press("/");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("");
  await search.press("Escape");

  await fileRowAction(page, "alpha.txt", "Rename");
  const dialog = page.getByRole("dialog", { name: "Rename file" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Tab through the page: every element that takes the focus shows an outline of at least 2 px.
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const stops: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
      // The file input hides itself and rings its label (focus-within).
      const label = element.closest("label");
      const labelRing = label ? getComputedStyle(label).outlineStyle !== "none" : false;
      return { name: element.getAttribute("aria-label") ?? element.textContent?.trim() ?? element.tagName, ring: ring || labelRing };
    });
    if (!stop) continue;
    stops.push(stop.name);
    expect(stop, `focus ring on ${stop.name}`).toMatchObject({ ring: true });
  }
  expect(stops.length).toBeGreaterThan(10);
});

test("the phone menu opens, closes with Escape, and leads to every page", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await register(page, uniqueUsername("menu"));
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = await hydrated(nav.getByRole("button", { name: "Menu" }));
  await expect(nav.getByRole("link", { name: "Settings" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "Shared by me" }).click();
  await expect(page).toHaveURL(/\/shared$/);
  await expect(page.getByRole("heading", { name: "Shared by me" })).toBeVisible();
  // Following a link closes the menu.
  await expect(nav.getByRole("link", { name: "Settings" })).toBeHidden();
  await context.close();
});

test("the appearance follows the system until a mode is picked in settings", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await register(page, uniqueUsername("theme"));
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await page.emulateMedia({ colorScheme: "light" });
  const light = await background();
  expect(dark).not.toBe(light);

  await page.goto("/settings");
  await (await hydrated(page.getByRole("radio", { name: "Dark" }))).check();
  await expect(toast(page, "Coffer now uses the dark appearance.")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  // The system says light; the choice wins, on every page.
  await page.goto("/dashboard");
  expect(await background()).toBe(dark);
  await page.goto("/settings");
  await expect(page.getByRole("radio", { name: "Dark" })).toBeChecked();
  await (await hydrated(page.getByRole("radio", { name: "Same as the system" }))).check();
  await expect(toast(page, "Coffer now follows your system's appearance.")).toBeVisible();
  await page.goto("/dashboard");
  expect(await background()).toBe(light);
  await context.close();
});
