import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { field, hydrated, register, toast, uniqueUsername } from "../support/e2e";

test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.91" } });

test("an API token is made in Settings, shown once, works for its scope only, and stops working once revoked", async ({
  page,
  request,
}) => {
  await register(page, uniqueUsername("tok"), undefined, { address: "198.51.100.91" });
  await page.goto("/settings");
  const create = await hydrated(page.getByRole("button", { name: "Create token" }));
  // No scope: refused under the field, nothing made.
  await page.getByLabel(/files:read/).uncheck();
  await field(page, "Name").fill("backup script");
  await create.click();
  await expect(page.getByText("Choose at least one scope.")).toBeVisible();
  await page.getByLabel(/files:read/).check();
  await field(page, "Expires").selectOption("30");
  await create.click();
  await expect(toast(page, "Token created. Copy it now: it will not be shown again.")).toBeVisible();
  const token = await page.getByLabel("New token").inputValue();
  expect(token).toMatch(/^coffer_pat_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("token-row").filter({ hasText: "backup script" });
  await expect(row).toContainText("files:read");
  await expect(row).toContainText("never used");
  fs.mkdirSync("test-results/screens", { recursive: true });
  await page.getByRole("heading", { name: "API tokens" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/api-tokens-desktop.png", fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("heading", { name: "API tokens" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/api-tokens-phone.png", fullPage: false });

  // Used by a script (no cookies): reading is allowed, uploading is not in its scope.
  const upload = await request.post("/api/uploads", {
    headers: { authorization: `Bearer ${token}`, "Tus-Resumable": "1.0.0", "Upload-Length": "1", "Upload-Metadata": "filename YS5iaW4=" },
  });
  expect(upload.status()).toBe(403);
  const read = await request.get("/api/files/nope/download", { headers: { authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(404);

  // Shown once: after a reload only its hint is on the page.
  await page.reload();
  await expect(page.getByLabel("New token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(row).toContainText(`coffer_pat_${token.slice(11, 15)}`);
  await expect(row).toContainText("last used");

  await (await hydrated(row.getByRole("button", { name: "Revoke the token backup script" }))).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(toast(page, "Token revoked. Anything using it is refused from now on.")).toBeVisible();
  await expect(row).toContainText("Revoked");
  const refused = await request.get("/api/files/nope/download", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});
