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
      _count: { select: { files: true } },
    },
  });
  return users.map(({ _count, storageUsed, twoFactorEnabledAt, ...user }) => ({
    ...user,
    storageUsed: Number(storageUsed),
    fileCount: _count.files,
    twoFactor: twoFactorEnabledAt !== null,
  }));
}
