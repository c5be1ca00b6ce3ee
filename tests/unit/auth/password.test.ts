import { createHash, createHmac } from "node:crypto";
import bcrypt from "bcryptjs";
import { BCRYPT_COST, hashPassword, needsRehash, verifyPassword, weakPasswordReason } from "@/lib/auth/password";
import { PASSWORD_THREADS, QUEUE_PER_THREAD } from "@/lib/auth/password-pool";
import { AppError } from "@/lib/errors";

const sha256Base64 = (password: string) => createHash("sha256").update(password, "utf8").digest("base64");

// bcrypt at cost 12 takes about 0.3 s per hash or comparison: keep their number small.
jest.setTimeout(30_000);

describe("hashPassword / verifyPassword", () => {
  it("round-trips, salts each hash and uses cost 12", async () => {
    const password = "Correct Horse Battery Staple";
    const hash = await hashPassword(password);
    // "v2:" marks the salt-bound pre-hash; after it, an ordinary bcrypt hash at cost 12.
    expect(hash).toMatch(/^v2:\$2[aby]\$12\$/);
    expect(bcrypt.getRounds(hash.slice(3))).toBe(BCRYPT_COST);
    expect(hash).not.toContain(password);
    await expect(verifyPassword(password, hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse battery staple", hash)).resolves.toBe(false);
    await expect(verifyPassword(`${password} `, hash)).resolves.toBe(false);
    await expect(hashPassword(password)).resolves.not.toBe(hash);
  });

  it("tells apart passwords that share their first 72 bytes", async () => {
    const prefix = "€".repeat(24);
    expect(Buffer.byteLength(prefix, "utf8")).toBe(72);
    const first = `${prefix} first tail`;
    const second = `${prefix} second tail`;
    // Plain bcrypt reads only 72 bytes and cannot tell them apart (cheap cost: this only shows the trap).
    expect(bcrypt.compareSync(second, bcrypt.hashSync(first, 4))).toBe(true);

    const hash = await hashPassword(first);
    await expect(verifyPassword(first, hash)).resolves.toBe(true);
    await expect(verifyPassword(second, hash)).resolves.toBe(false);
    await expect(verifyPassword(prefix, hash)).resolves.toBe(false);
  });
});

describe("the salt-bound pre-hash", () => {
  it("is an HMAC keyed by the hash's own salt, so a leaked plain SHA-256 of the password does not verify", async () => {
    const password = "a password reused on a site that stored SHA-256";
    const hash = await hashPassword(password);
    const inner = hash.slice(3);
    // What a breach of another site gives an attacker: the unsalted digest. Tried directly, it fails ("shucking").
    expect(bcrypt.compareSync(sha256Base64(password), inner)).toBe(false);
    // The scheme itself, spelled out: HMAC-SHA256(key = bcrypt salt, password), base64, under bcrypt.
    const salt = inner.slice(0, 29);
    expect(bcrypt.compareSync(createHmac("sha256", salt).update(password, "utf8").digest("base64"), inner)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it("still verifies a hash of the older scheme (bcrypt over SHA-256), and marks it for rewriting", async () => {
    const password = "a password from before the upgrade";
    const legacy = bcrypt.hashSync(sha256Base64(password), 4);
    expect(needsRehash(legacy)).toBe(true);
    await expect(verifyPassword(password, legacy)).resolves.toBe(true);
    await expect(verifyPassword(`${password}!`, legacy)).resolves.toBe(false);
    // A salt-bound hash at another cost is rewritten too.
    expect(needsRehash(`v2:${bcrypt.hashSync("x", 4)}`)).toBe(true);
  });
});

describe("the hashing pool", () => {
  it("refuses work beyond its queue at once, as 'unavailable', and still finishes what it accepted", async () => {
    const hash = await hashPassword("the pool's own test password");
    const capacity = PASSWORD_THREADS * (QUEUE_PER_THREAD + 1);
    const outcomes = await Promise.allSettled(
      Array.from({ length: capacity + 10 }, () => verifyPassword("the pool's own test password", hash)),
    );
    const refused = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason);
    const done = outcomes.filter((o) => o.status === "fulfilled").map((o) => (o as PromiseFulfilledResult<boolean>).value);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(AppError);
      expect(reason).toMatchObject({ code: "unavailable", retryAfterSeconds: expect.any(Number) });
    }
    expect(done.length).toBeGreaterThanOrEqual(PASSWORD_THREADS * QUEUE_PER_THREAD);
    expect(done.every(Boolean)).toBe(true);
  }, 120_000);
});

describe("weakPasswordReason", () => {
  it.each(["qwerty123456", "QWERTY123456", "leavemealone"])("refuses the common password %j with a reason", (password) => {
    expect(weakPasswordReason(password)).toBe("This password appears in lists of common passwords; choose another.");
  });

  it("refuses a password made of one or two repeated characters", () => {
    expect(weakPasswordReason("abababababababab")).toBe("This password repeats the same characters; choose another.");
    expect(weakPasswordReason("            ")).toMatch(/repeats/);
  });

  it("refuses a password that contains the username, in any case", () => {
    expect(weakPasswordReason("my name is ALICE ok", "alice")).toBe("The password must not contain your username.");
  });

  it("accepts a reasonable passphrase", () => {
    expect(weakPasswordReason("velvet tractor moonlight", "alice")).toBeNull();
  });
});
