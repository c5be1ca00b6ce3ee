// The first run on a LAN: a Coffer with Secure cookies opened over plain HTTP by a LAN name drops the session
// cookie, so signing up or in comes back to the sign-in page; the page says why and names the two ways out. At
// http://localhost (a secure context, where the browser keeps Secure cookies) it says nothing. An admin who opens
// Coffer at another address than APP_URL is told that links and QR codes point at APP_URL.
import net from "node:net";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { chromium, expect, test, type Browser } from "@playwright/test";
import { promoteToAdmin } from "../support/e2e-admin";
import { field, hydrated, passphrase, register, screen, submitSignIn, uniqueUsername } from "../support/e2e";

const root = path.resolve(__dirname, "../..");
const LAN_NAME = "coffer.lan";
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

const shot = (name: string) => path.join(root, "test-results", "screens", `${name}-${test.info().project.name}.png`);

test.describe("a Coffer with Secure cookies, opened over plain HTTP by a LAN name", () => {
  const server = { port: 0, url: "" };
  let child: ChildProcess;
  let lanBrowser: Browser;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server.port = await freePort();
    server.url = `http://localhost:${server.port}`;
    // A second e2e server (its own database and secrets) with COOKIE_SECURE=true, as production has.
    child = spawn(process.execPath, [path.join(root, "scripts/e2e-server.mjs")], {
      cwd: root,
      env: { ...process.env, E2E_PORT: String(server.port), E2E_COOKIE_SECURE: "true", LOG_LEVEL: "error" },
      stdio: "ignore",
    });
    await expect
      .poll(
        () =>
          fetch(`${server.url}/login`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 90_000 },
      )
      .toBe(200);
    // A LAN name for loopback: http://coffer.lan is not a secure context, as http://192.168.1.20 would not be.
    lanBrowser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`],
    });
  });

  test.afterAll(async () => {
    await lanBrowser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  test("signing up comes back to the sign-in page, which explains the Secure cookie and the two ways out", async () => {
    const context = await lanBrowser.newContext({ ...screen(), baseURL: `http://${LAN_NAME}:${server.port}` });
    const page = await context.newPage();
    await page.goto("/register");
    const notice = page.getByRole("alert").filter({ hasText: "Signing in will not work at this address." });
    await expect(notice).toBeVisible();

    const submit = await hydrated(page.getByRole("button", { name: "Create account" }));
    await field(page, "Username").fill(uniqueUsername("lan"));
    await field(page, "Password").fill(passphrase());
    await submit.click();
    // The account is made, but the browser dropped the Secure session cookie: the dashboard sends it to sign in.
    await expect(page).toHaveURL(/\/login/);
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(`You opened Coffer over plain HTTP (http://${LAN_NAME}:${server.port})`);
    await expect(notice).toContainText("HTTPS");
    await expect(notice).toContainText("COOKIE_SECURE=false");
    await page.screenshot({ path: shot("sign-in-plain-http"), fullPage: true });
    await context.close();
  });

  test("at http://localhost, a secure context, the sign-in page says nothing of it", async () => {
    const context = await lanBrowser.newContext({ ...screen(), baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/login");
    await hydrated(page.getByRole("button", { name: "Sign in", exact: true }));
    await expect(page.getByText("Signing in will not work at this address.")).toHaveCount(0);
    await context.close();
  });
});

test("an admin at another address than APP_URL is told that links and QR codes point at APP_URL", async ({ browser, baseURL }) => {
  const username = uniqueUsername("admin");
  const password = passphrase();
  // The e2e server's APP_URL is http://localhost:<port>; 127.0.0.1 reaches the same server.
  const otherOrigin = baseURL!.replace("localhost", "127.0.0.1");
  const elsewhere = await browser.newContext({ ...screen(), baseURL: otherOrigin });
  const page = await elsewhere.newPage();
  await register(page, username, password);
  await promoteToAdmin(username);
  await page.goto("/admin");
  const notice = page.getByRole("status").filter({ hasText: "This address is not APP_URL." });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`You opened Coffer at ${otherOrigin}, but APP_URL is ${baseURL}`);
  await expect(notice).toContainText(`APP_URL=${otherOrigin}`);
  await page.screenshot({ path: shot("admin-other-address"), fullPage: false });
  await elsewhere.close();

  const atAppUrl = await browser.newContext({ ...screen() });
  const samePage = await atAppUrl.newPage();
  await submitSignIn(samePage, username, password);
  await expect(samePage).toHaveURL(/\/dashboard$/);
  await samePage.goto("/admin");
  await expect(samePage.getByRole("heading", { name: "Administration" })).toBeVisible();
  await expect(samePage.getByText("This address is not APP_URL.")).toHaveCount(0);
  await atAppUrl.close();
});
