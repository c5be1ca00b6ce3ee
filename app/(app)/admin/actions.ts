"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { deleteUser, setUserDisabled } from "@/lib/admin/manage-user";
import { setRegistrationOpen } from "@/lib/auth/registration";
import { setAdminTwoFactorRequired } from "@/lib/admin/admin-two-factor";
import { setFileRequestsEnabled } from "@/lib/requests/requests-enabled";

const userIdSchema = z.object({ userId: z.string().min(1).max(64) });

export const disableUserAction = adminAction(userIdSchema, async ({ userId }, { user }) => {
  const target = await setUserDisabled({ userId, adminId: user.id, disabled: true });
  revalidatePath("/admin");
  return success(`${target.username} is disabled and signed out everywhere.`);
});

export const enableUserAction = adminAction(userIdSchema, async ({ userId }, { user }) => {
  const target = await setUserDisabled({ userId, adminId: user.id, disabled: false });
  revalidatePath("/admin");
  return success(`${target.username} is enabled.`);
});

export const deleteUserAction = adminAction(userIdSchema, async ({ userId }, { user }) => {
  const target = await deleteUser({ userId, adminId: user.id });
  revalidatePath("/admin");
  return success(`${target.username} and all their files are deleted.`);
});

export const setRegistrationAction = adminAction(z.object({ open: z.boolean() }), async ({ open }, { user }) => {
  await setRegistrationOpen({ open, adminId: user.id });
  revalidatePath("/admin");
  return success(open ? "Registration is open." : "Registration is closed.");
});

export const setAdminTwoFactorAction = adminAction(z.object({ required: z.boolean() }), async ({ required }, { user }) => {
  await setAdminTwoFactorRequired({ required, admin: user });
  revalidatePath("/admin");
  return success(required ? "Administrators must now use two-factor sign-in." : "Two-factor sign-in is optional for administrators.");
});

export const setFileRequestsAction = adminAction(z.object({ enabled: z.boolean() }), async ({ enabled }, { user }) => {
  await setFileRequestsEnabled({ enabled, adminId: user.id });
  revalidatePath("/admin");
  return success(enabled ? "File requests are on." : "File requests are off: no new ones, and every request's page answers 404.");
});
