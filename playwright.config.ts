// End-to-end tests: Debian's Chromium against the production build, served by scripts/e2e-server.mjs
// with a fresh database. Run `npx next build` first (`npm test` does).
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Artifacts in a folder of their own: Playwright empties outputDir at start, and jest's report lives in test-results/.
  outputDir: "test-results/playwright-artifacts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: CHROMIUM },
    },
    // The main journeys (upload, share, create a link, open a link as a visitor, sign in with a code, an admin's
    // new accounts, a file request's journey) again on a phone-sized screen.
    {
      name: "phone",
      testMatch: [
        "files.spec.ts",
        "sharing.spec.ts",
        "first-run.spec.ts",
        "file-list.spec.ts",
        "recipients-and-links.spec.ts",
        "file-requests.spec.ts",
        "toasts.spec.ts",
        "admin.spec.ts",
        "two-factor.spec.ts",
      ],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        launchOptions: CHROMIUM,
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/login`,
    env: { E2E_PORT: String(port) },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the script remove its temporary database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
