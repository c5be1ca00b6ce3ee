// Every account with its storage and file count, for the admin page.
import "server-only";
import { db } from "@/lib/db";

export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      username: true,
      email: true,
      role: true,
      disabled: true,
      storageUsed: true,
      createdAt: true,
      twoFactorEnabledAt: true,
      passwordHash: true,
      _count: { select: { files: true } },
    },
  });
  // Only whether a password is set leaves this function, never the hash.
  return users.map(({ _count, storageUsed, twoFactorEnabledAt, passwordHash, ...user }) => ({
    ...user,
    passwordSet: passwordHash !== null,
    storageUsed: Number(storageUsed),
    fileCount: _count.files,
    twoFactor: twoFactorEnabledAt !== null,
  }));
}
