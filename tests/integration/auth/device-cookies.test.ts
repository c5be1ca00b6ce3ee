// OWASP's device cookies against the real server: failures from elsewhere slow down browsers unknown to the
// account, but cannot keep the owner's own browser out; a known browser has a budget of its own; and a
// password change goes through whatever the sign-in throttles say.
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword } from "../../support/factories";
import { visitor } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(240_000);

const DEVICE_COOKIE = "coffer-device";
const THROTTLED = /^Too many attempts\. Try again in/;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
});
afterAll(() => server?.stop());

let addressCounter = 0;
const newAddress = () => `198.51.100.${++addressCounter}`;

async function signIn(client: Client, identifier: string, password: string) {
  return client.callAction<ActionResult>("/login", ACTION_FILES.login, "signInAction", [{ identifier, password }]);
}

/** A browser (its own cookies, its own address) that signed in to the account once and then signed out. */
async function ownersBrowser(username: string, password: string, address = newAddress()): Promise<Client> {
  const browser = visitor(server, address);
  expect((await signIn(browser, username, password)).redirectTo).toBe("/dashboard");
  expect((await browser.callAction("/dashboard", ACTION_FILES.settings, "signOutAction", [{}])).redirectTo).toBe("/login");
  expect(browser.sessionCookie()).toBeUndefined();
  return browser;
}

/** Spends the account's budget for unknown browsers, from several addresses (five failures each); `spent` already failed. */
async function exhaustAccount(username: string, alreadySpent = 0) {
  const perAddress = LIMITS.signInAccountAddress.points;
  for (let spent = alreadySpent; spent < LIMITS.signInAccount.points; spent += perAddress) {
    const attacker = visitor(server, newAddress());
    for (let i = 0; i < perAddress; i++) {
      expect((await signIn(attacker, username, `guess ${spent + i}`)).value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    }
  }
}

describe("the device cookie", () => {
  it("is set by a successful sign-in, HttpOnly, SameSite=Lax, for a year", async () => {
    const user = await createUser();
    const browser = visitor(server, newAddress());
    expect((await signIn(browser, user.username, "a wrong password")).value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    expect(browser.cookie(DEVICE_COOKIE)).toBeUndefined();
    expect((await signIn(browser, user.username, user.password)).redirectTo).toBe("/dashboard");
    const cookie = browser.cookie(DEVICE_COOKIE)!;
    expect(cookie.value).toMatch(new RegExp(`^${user.id}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$`));
    expect(cookie).toMatchObject({ httpOnly: true, path: "/" });
    expect(cookie.sameSite?.toLowerCase()).toBe("lax");
  });
});

describe("an attacker who knows the username", () => {
  it("exhausts the account's budget from elsewhere; the owner still signs in from their known browser", async () => {
    const owner = await createUser();
    const known = await ownersBrowser(owner.username, owner.password);
    await exhaustAccount(owner.username);

    // Unknown browsers now wait, even with the right password and from an address that never failed.
    const stranger = visitor(server, newAddress());
    const refused = await signIn(stranger, owner.username, owner.password);
    expect(refused.value).toMatchObject({ ok: false, error: expect.stringMatching(THROTTLED), retryAfterSeconds: expect.any(Number) });
    expect(stranger.sessionCookie()).toBeUndefined();

    // The owner's browser is not held up.
    const result = await signIn(known, owner.username, owner.password);
    expect(result.redirectTo).toBe("/dashboard");
    expect((await known.session())?.user?.id).toBe(owner.id);
  });

  it("cannot borrow a device cookie: another account's, or a forged one, counts as an unknown browser", async () => {
    const owner = await createUser();
    const other = await createUser();
    const othersBrowser = await ownersBrowser(other.username, other.password);
    const genuine = othersBrowser.cookie(DEVICE_COOKIE)!.value;
    await exhaustAccount(owner.username);

    const [, deviceId, mac] = genuine.split(".");
    for (const forged of [genuine, `${owner.id}.${deviceId}.${mac}`, `${owner.id}.${deviceId}.${"A".repeat(43)}`]) {
      const attacker = new Client(server.url, { headers: { "x-forwarded-for": newAddress(), cookie: `${DEVICE_COOKIE}=${forged}` } });
      expect((await signIn(attacker, owner.username, owner.password)).value).toMatchObject({
        ok: false,
        error: expect.stringMatching(THROTTLED),
      });
    }
  });

  it("a known browser has a budget of its own: its failures lock only itself, not the account", async () => {
    const owner = await createUser();
    const known = await ownersBrowser(owner.username, owner.password);
    for (let i = 0; i < LIMITS.signInDevice.points; i++) {
      expect((await signIn(known, owner.username, `typo ${i}`)).value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    }
    expect((await signIn(known, owner.username, owner.password)).value).toMatchObject({
      ok: false,
      error: expect.stringMatching(THROTTLED),
    });
    // The account's budget for other browsers was not touched.
    expect((await signIn(visitor(server, newAddress()), owner.username, owner.password)).redirectTo).toBe("/dashboard");
  });
});

describe("changing the password while a sign-in throttle is active", () => {
  it("changes it, keeps this browser signed in and ends the others (no second sign-in that could be throttled)", async () => {
    const owner = await createUser();
    const address = newAddress();
    const here = visitor(server, address);
    expect((await signIn(here, owner.username, owner.password)).redirectTo).toBe("/dashboard");
    const elsewhere = visitor(server, newAddress());
    expect((await signIn(elsewhere, owner.username, owner.password)).redirectTo).toBe("/dashboard");

    // Every sign-in throttle that could apply to this browser is spent: its address, and the account.
    const sameAddress = visitor(server, address);
    for (let i = 0; i < LIMITS.signInAccountAddress.points; i++) await signIn(sameAddress, owner.username, `guess ${i}`);
    await exhaustAccount(owner.username, LIMITS.signInAccountAddress.points);
    expect((await signIn(visitor(server, address), owner.username, owner.password)).value).toMatchObject({
      error: expect.stringMatching(THROTTLED),
    });

    const newPassword = strongPassword();
    const changed = await here.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: owner.password, newPassword, confirmPassword: newPassword },
    ]);
    expect(changed.value).toEqual({ ok: true, data: undefined, message: "Password changed. Other sessions were signed out." });
    expect(changed.redirectTo).toBeNull();
    expect((await here.session())?.user?.id).toBe(owner.id);
    expect((await here.get("/settings")).status).toBe(200);
    expect(await elsewhere.session()).toBeNull();

    // The new password works from the owner's known browser; the old one does not.
    expect((await here.callAction("/dashboard", ACTION_FILES.settings, "signOutAction", [{}])).redirectTo).toBe("/login");
    expect((await signIn(here, owner.username, owner.password)).value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    expect((await signIn(here, owner.username, newPassword)).redirectTo).toBe("/dashboard");
  });
});
