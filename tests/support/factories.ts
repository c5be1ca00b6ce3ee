// Test data inserted through Prisma, with the real password hashing.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { emailSchema, usernameSchema } from "@/lib/auth/schemas";

let sequence = 0;

/** A username no other test in this file uses: lower-case, within the 3..32 character rule. */
export function uniqueUsername(prefix = "user"): string {
  sequence += 1;
  return `${prefix.slice(0, 12)}_${sequence}_${randomBytes(4).toString("hex")}`;
}

/** A password that passes the policy and is unlike any other. */
export function strongPassword(): string {
  return `pass-${randomBytes(12).toString("base64url")}`;
}

export async function createUser(opts: { username?: string; email?: string; password?: string; role?: string; disabled?: boolean } = {}) {
  const password = opts.password ?? strongPassword();
  const user = await db.user.create({
    data: {
      // Stored the way registration stores them.
      username: usernameSchema.parse(opts.username ?? uniqueUsername()),
      email: opts.email === undefined ? null : emailSchema.parse(opts.email),
      passwordHash: await hashPassword(password),
      role: opts.role ?? "user",
      disabled: opts.disabled ?? false,
    },
  });
  return { ...user, password };
}
