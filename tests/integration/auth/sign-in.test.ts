import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { db } from "@/lib/db";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { LIMITS } from "@/lib/rate-limit";
import { createUser } from "../../support/factories";

const INVALID = { ok: false, reason: "invalid" };

describe("verifyCredentials", () => {
  it("signs in by username in any case and by email", async () => {
    const user = await createUser({ email: "kay@example.net" });
    const expected = { ok: true, user: { id: user.id, username: user.username, role: "user", sessionVersion: 0, twoFactor: false } };
    await expect(
      verifyCredentials({ identifier: ` ${user.username.toUpperCase()} `, password: user.password, address: "192.0.2.1" }),
    ).resolves.toEqual(expected);
    await expect(verifyCredentials({ identifier: "Kay@Example.NET", password: user.password, address: "192.0.2.1" })).resolves.toEqual(
      expected,
    );
  });

  it("answers an unknown user, a wrong password and a disabled account the same way", async () => {
    const user = await createUser();
    const disabled = await createUser({ disabled: true });
    const address = "192.0.2.2";
    await expect(verifyCredentials({ identifier: "nobody_here", password: user.password, address })).resolves.toEqual(INVALID);
    await expect(verifyCredentials({ identifier: "nobody@example.com", password: user.password, address })).resolves.toEqual(INVALID);
    await expect(verifyCredentials({ identifier: user.username, password: `${user.password}x`, address })).resolves.toEqual(INVALID);
    await expect(verifyCredentials({ identifier: disabled.username, password: disabled.password, address })).resolves.toEqual(INVALID);
  });

  it("does not take a password that differs only in case or surrounding spaces", async () => {
    const user = await createUser({ password: "Exact Passphrase Here" });
    const address = "192.0.2.3";
    await expect(verifyCredentials({ identifier: user.username, password: "exact passphrase here", address })).resolves.toEqual(INVALID);
    await expect(verifyCredentials({ identifier: user.username, password: " Exact Passphrase Here ", address })).resolves.toEqual(INVALID);
  });

  it("throttles an account from one address after 5 failures, even with the right password, but not from another address", async () => {
    expect(LIMITS.signInAccountAddress.points).toBe(5);
    const user = await createUser();
    const address = "203.0.113.7";
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(verifyCredentials({ identifier: user.username, password: "wrong password!", address })).resolves.toEqual(INVALID);
    }

    const throttled = await verifyCredentials({ identifier: user.username, password: "wrong password!", address });
    expect(throttled).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = throttled as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    // The right password does not get through the block either, and the identifier's case does not matter.
    await expect(verifyCredentials({ identifier: user.username.toUpperCase(), password: user.password, address })).resolves.toMatchObject({
      ok: false,
      reason: "throttled",
    });
    await expect(verifyCredentials({ identifier: user.username, password: user.password, address: "203.0.113.8" })).resolves.toMatchObject({
      ok: true,
      user: { id: user.id },
    });
  });

  it("throttles IPv6 callers per /64", async () => {
    const user = await createUser();
    for (let host = 1; host <= 5; host++) {
      await verifyCredentials({ identifier: user.username, password: "wrong password!", address: `2001:db8:1:2::${host}` });
    }
    await expect(
      verifyCredentials({ identifier: user.username, password: user.password, address: "2001:db8:1:2:ffff::1" }),
    ).resolves.toMatchObject({
      reason: "throttled",
    });
    await expect(
      verifyCredentials({ identifier: user.username, password: user.password, address: "2001:db8:1:3::1" }),
    ).resolves.toMatchObject({ ok: true });
  });

  it("starts counting again after a successful sign-in", async () => {
    const user = await createUser();
    const address = "203.0.113.9";
    const fail = () => verifyCredentials({ identifier: user.username, password: "wrong password!", address });
    for (let attempt = 1; attempt <= 4; attempt++) await fail();
    await expect(verifyCredentials({ identifier: user.username, password: user.password, address })).resolves.toMatchObject({ ok: true });
    for (let attempt = 1; attempt <= 4; attempt++) await expect(fail()).resolves.toEqual(INVALID);
    await expect(verifyCredentials({ identifier: user.username, password: user.password, address })).resolves.toMatchObject({ ok: true });
  });

  it("rewrites a hash of the older scheme (bcrypt over a plain SHA-256) at the next successful sign-in", async () => {
    const user = await createUser();
    const digest = createHash("sha256").update(user.password, "utf8").digest("base64");
    const legacy = bcrypt.hashSync(digest, 12);
    await db.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });
    const stored = async () => (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash!;

    await expect(verifyCredentials({ identifier: user.username, password: "not the password", address: "192.0.2.5" })).resolves.toEqual(
      INVALID,
    );
    expect(await stored()).toBe(legacy);

    await expect(verifyCredentials({ identifier: user.username, password: user.password, address: "192.0.2.5" })).resolves.toMatchObject({
      ok: true,
    });
    const upgraded = await stored();
    expect(upgraded).toMatch(/^v2:\$2[aby]\$12\$/);
    // A plain SHA-256 of the password, as another site's breach would hold it, no longer opens the hash.
    expect(bcrypt.compareSync(digest, upgraded.slice(3))).toBe(false);
    await expect(verifyCredentials({ identifier: user.username, password: user.password, address: "192.0.2.5" })).resolves.toMatchObject({
      ok: true,
    });
    expect(await stored()).toBe(upgraded);
  });

  it("reports the current session version", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 3 } } });
    await expect(verifyCredentials({ identifier: user.username, password: user.password, address: "192.0.2.4" })).resolves.toMatchObject({
      ok: true,
      user: { sessionVersion: 3 },
    });
  });
});
