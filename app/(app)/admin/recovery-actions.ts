"use server";
// The admin page's recovery actions for one user: a one-time password reset link, and turning two-factor off.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { issueResetLink } from "@/lib/recovery/issue-reset-link";
import { resetTwoFactor } from "@/lib/admin/reset-two-factor";

const userIdSchema = z.object({ userId: z.string().min(1).max(64) });

export const issueResetLinkAction = adminAction(userIdSchema, async ({ userId }, { user }) => {
  const link = await issueResetLink({ userId, adminId: user.id });
  revalidatePath("/admin");
  return success(`A reset link for ${link.username} is ready. It is shown only now.`, {
    url: link.url,
    expiresAt: link.expiresAt.toISOString(),
  });
});

export const resetTwoFactorAction = adminAction(userIdSchema, async ({ userId }, { user }) => {
  const target = await resetTwoFactor({ userId, adminId: user.id });
  revalidatePath("/admin");
  return success(`Two-factor sign-in is off for ${target.username}, who was signed out everywhere and told.`);
});
