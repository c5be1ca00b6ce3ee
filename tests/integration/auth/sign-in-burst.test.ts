// Bursts of sign-ins against the real server: every attempt spends its points before bcrypt runs, so a
// burst gets only as many checks as the limits allow; bcrypt runs in worker threads, so other visitors'
// pages keep answering; and beyond the hashing queue, attempts are refused at once instead of waiting.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { PASSWORD_THREADS, QUEUE_PER_THREAD } from "@/lib/auth/password-pool";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { createUser, uniqueUsername } from "../../support/factories";
import { visitor } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(240_000);

let server: TestServer;
beforeAll(async () => {
  // The test client counts as a trusted proxy, so each request can claim a client address of its own.
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
});
afterAll(() => server?.stop());

const THROTTLED = /^Too many attempts\. Try again in \d+ minutes?\.$|^Too many attempts\. Try again in a minute\.$/;

function signInFrom(address: string, identifier: string, password: string) {
  return visitor(server, address).callAction<ActionResult>("/login", ACTION_FILES.login, "signInAction", [{ identifier, password }]);
}

async function failuresRecorded(userId: string): Promise<number> {
  return db.auditEvent.count({ where: { userId, kind: "auth.sign_in_failed" } });
}

describe("a burst for one account from one address", () => {
  it(`50 parallel wrong passwords: ${LIMITS.signInAccountAddress.points} are checked, the rest throttled, and pages still answer`, async () => {
    const user = await createUser();
    const address = "198.51.100.20";
    const burst = Promise.all(Array.from({ length: 50 }, (_, i) => signInFrom(address, user.username, `wrong password ${i}`)));

    // Once the first checks are recorded the burst is under way: another visitor's page answers meanwhile.
    for (let waited = 0; (await failuresRecorded(user.id)) === 0 && waited < 60_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = await visitor(server, "203.0.113.200").get("/login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sign in to Coffer");

    const results = (await burst).map((r) => r.value as Extract<ActionResult, { ok: false }>);
    const invalid = results.filter((r) => r.error === INVALID_SIGN_IN);
    const throttled = results.filter((r) => THROTTLED.test(r.error));
    expect(invalid).toHaveLength(LIMITS.signInAccountAddress.points);
    expect(throttled).toHaveLength(50 - LIMITS.signInAccountAddress.points);
    for (const refusal of throttled) expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    // Only the evaluated attempts reached bcrypt (each is in the audit trail).
    expect(await failuresRecorded(user.id)).toBe(LIMITS.signInAccountAddress.points);

    // The right password is throttled from this address, and works from another.
    expect((await signInFrom(address, user.username, user.password)).value).toMatchObject({
      ok: false,
      error: expect.stringMatching(THROTTLED),
    });
    expect((await signInFrom("198.51.100.21", user.username, user.password)).redirectTo).toBe("/dashboard");
  });

  it("a right password in a burst of wrong ones gets its points back: the others still get only their share", async () => {
    const user = await createUser();
    const address = "198.51.100.22";
    const results = await Promise.all([
      signInFrom(address, user.username, user.password),
      ...Array.from({ length: 12 }, (_, i) => signInFrom(address, user.username, `wrong password ${i}`)),
    ]);
    expect(results.filter((r) => r.redirectTo === "/dashboard").length).toBeLessThanOrEqual(1);
    expect(await failuresRecorded(user.id)).toBeLessThanOrEqual(LIMITS.signInAccountAddress.points);
  });
});

describe("beyond the hashing queue", () => {
  it("attempts are refused at once with a wait, and each refused attempt costs the visitor nothing", async () => {
    // Unknown usernames from addresses of their own: no limit stops them, so every one needs bcrypt.
    const capacity = PASSWORD_THREADS * (QUEUE_PER_THREAD + 1);
    const count = capacity + 24;
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) => signInFrom(`192.0.2.${i + 1}`, uniqueUsername("nobody"), `some password ${i}`)),
    );
    const values = results.map((r) => r.value as Extract<ActionResult, { ok: false }>);
    const busy = values.filter((v) => v.error === "Coffer is busy checking other sign-ins. Try again in a few seconds.");
    expect(busy.length).toBeGreaterThan(0);
    for (const refusal of busy) expect(refusal.retryAfterSeconds).toBe(5);
    expect(values.filter((v) => v.error === INVALID_SIGN_IN).length).toBe(count - busy.length);
  });
});
