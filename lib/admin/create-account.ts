// An admin creates an account for someone (registration closed or not): the name and address follow registration's
// rules, the account has no usable password, and a one-time "set your password" link (7 days, the newest only) is
// shown once to the admin to hand over. Until that link is used the account cannot sign in. Audited.
import "server-only";
import { audit } from "@/lib/audit";
import { issueAccountToken } from "@/lib/account-tokens/account-token";
import { assertAccountFree, createAccount } from "@/lib/auth/register-user";
import { setPasswordUrl } from "@/lib/recovery/reset-link";

export async function createAccountForUser(opts: { username: string; email?: string; adminId: string }) {
  await assertAccountFree(opts);
  const user = await createAccount({ username: opts.username, email: opts.email, passwordHash: null }, (tx, created) =>
    issueAccountToken(tx, { userId: created.id, purpose: "password_set", createdById: opts.adminId, replace: true }),
  );
  await audit({ kind: "admin.user_created", userId: user.id, actorId: opts.adminId, detail: user.username });
  return { id: user.id, username: user.username, url: setPasswordUrl(user.extra.token), expiresAt: user.extra.expiresAt };
}
