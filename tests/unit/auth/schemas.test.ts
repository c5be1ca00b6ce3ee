import {
  changePasswordSchema,
  loginSchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordSchema,
  registerSchema,
  usernameSchema,
} from "@/lib/auth/schemas";

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("usernameSchema", () => {
  it("folds case and trims, so Alice and alice are the same account", () => {
    expect(usernameSchema.parse("Alice")).toBe("alice");
    expect(usernameSchema.parse("  BOB.Smith_2-x  ")).toBe("bob.smith_2-x");
  });

  it("accepts 3 to 32 characters", () => {
    expect(usernameSchema.parse("abc")).toBe("abc");
    expect(usernameSchema.parse("a".repeat(32))).toBe("a".repeat(32));
    expect(errorsOf(usernameSchema.safeParse("ab"))).toEqual([": Use at least 3 characters."]);
    expect(errorsOf(usernameSchema.safeParse(" ab "))).toEqual([": Use at least 3 characters."]);
    expect(errorsOf(usernameSchema.safeParse("a".repeat(33)))).toEqual([": Use at most 32 characters."]);
  });

  it.each(["ali ce", "alice!", "al/ice", "a@b.c", "élodie", "bob\u200b", "tab\tname", "alice+1", "<script>"])("refuses %j", (username) => {
    expect(errorsOf(usernameSchema.safeParse(username))).toContain(": Use only letters a-z, digits, and _ . -");
  });

  it("refuses a letter that only lower-cases into a-z with a combining mark (İ)", () => {
    expect(usernameSchema.safeParse("İvan").success).toBe(false);
  });
});

describe("registerSchema email", () => {
  const base = { username: "alice", password: "a long enough passphrase" };

  it("is optional: missing or blank means no email", () => {
    expect(registerSchema.parse(base).email).toBeUndefined();
    expect(registerSchema.parse({ ...base, email: "" }).email).toBeUndefined();
  });

  it("is trimmed and lower-cased", () => {
    expect(registerSchema.parse({ ...base, email: "  Alice@Example.COM " }).email).toBe("alice@example.com");
  });

  it.each(["not-an-email", "alice@", "@example.com", "a b@example.com"])("refuses %j", (email) => {
    const result = registerSchema.safeParse({ ...base, email });
    expect(result.success).toBe(false);
    expect(errorsOf(result).some((e) => e.startsWith("email:"))).toBe(true);
  });

  it("refuses an address over 254 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(190)}.example`;
    expect(errorsOf(registerSchema.safeParse({ ...base, email }))).toContain("email: That email address is too long.");
  });
});

describe("passwordSchema", () => {
  it(`accepts ${PASSWORD_MIN} to ${PASSWORD_MAX} characters and nothing outside`, () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(PASSWORD_MAX).toBe(1024);
    expect(passwordSchema.safeParse("x".repeat(11)).success).toBe(false);
    expect(errorsOf(passwordSchema.safeParse("x".repeat(11)))).toEqual([": Use at least 12 characters."]);
    expect(passwordSchema.safeParse("x".repeat(12)).success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(1024)).success).toBe(true);
    expect(errorsOf(passwordSchema.safeParse("x".repeat(1025)))).toEqual([": Use at most 1024 characters."]);
  });

  it("takes the password exactly as typed: no trimming, no case change", () => {
    for (const password of ["  Spaces Around  ", "\tTabbed Secret\n", "MiXeD CaSe PaSsWoRd", "ünïcödé pässwörd €€"]) {
      expect(passwordSchema.parse(password)).toBe(password);
    }
    // Surrounding spaces count towards the minimum: 10 visible characters plus 2 spaces is 12.
    expect(passwordSchema.parse(" abcdefghij ")).toBe(" abcdefghij ");
  });

  it("is applied to registration without trimming", () => {
    expect(registerSchema.parse({ username: "alice", password: " padded password " }).password).toBe(" padded password ");
  });
});

describe("loginSchema", () => {
  it("trims the identifier but never the password", () => {
    expect(loginSchema.parse({ identifier: "  Alice ", password: " secret " })).toEqual({ identifier: "Alice", password: " secret " });
  });

  it("requires both fields", () => {
    expect(errorsOf(loginSchema.safeParse({ identifier: "  ", password: "" }))).toEqual([
      "identifier: Enter your username or email.",
      "password: Enter your password.",
    ]);
  });
});

describe("changePasswordSchema", () => {
  it("requires the confirmation to match, reported under confirmPassword", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "old password 1",
      newPassword: "new password 12",
      confirmPassword: "new password 13",
    });
    expect(errorsOf(result)).toEqual(["confirmPassword: The two new passwords do not match."]);
  });

  it("holds the new password to the same bounds", () => {
    const result = changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "short", confirmPassword: "short" });
    expect(errorsOf(result)).toEqual(["newPassword: Use at least 12 characters."]);
  });
});
