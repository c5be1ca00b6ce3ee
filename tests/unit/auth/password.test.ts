import bcrypt from "bcryptjs";
import { BCRYPT_COST, hashPassword, verifyPassword, weakPasswordReason } from "@/lib/auth/password";

// bcrypt at cost 12 takes about 0.3 s per hash or comparison: keep their number small.
jest.setTimeout(30_000);

describe("hashPassword / verifyPassword", () => {
  it("round-trips, salts each hash and uses cost 12", async () => {
    const password = "Correct Horse Battery Staple";
    const hash = await hashPassword(password);
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.getRounds(hash)).toBe(BCRYPT_COST);
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
