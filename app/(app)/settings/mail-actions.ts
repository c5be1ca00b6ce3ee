"use server";
// Settings → Email address and Notifications.
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { clientAddress } from "@/lib/client-address";
import { changeEmailAddress } from "@/lib/auth/change-email-address";
import { changeEmailSchema } from "@/lib/recovery/schemas";
import { setNotification } from "@/lib/notifications/preferences";
import { isNotificationKind, NOTIFICATION_KINDS } from "@/lib/mail/notification-kinds";

export const changeEmailAction = authAction(changeEmailSchema, async ({ email, currentPassword }, { user }) => {
  const outcome = await changeEmailAddress({ userId: user.id, email, currentPassword, address: clientAddress(await headers()) });
  revalidatePath("/settings");
  switch (outcome) {
    case "confirmation_sent":
      return success(`We sent a link to ${email}. The address is used once you open it (within 24 hours).`);
    case "removed":
      return success("Your email address is removed.");
    case "set":
      return success(`Your email address is now ${email}.`);
    case "unchanged":
      return success("Nothing changed.");
  }
});

export const setNotificationAction = authAction(
  z.object({ kind: z.string().refine(isNotificationKind, "Unknown kind of notification."), enabled: z.boolean() }),
  async ({ kind, enabled }, { user }) => {
    if (!isNotificationKind(kind)) throw new Error("unreachable");
    await setNotification({ userId: user.id, kind, enabled });
    revalidatePath("/settings");
    return success(`${enabled ? "On" : "Off"}: ${NOTIFICATION_KINDS[kind].label}.`);
  },
);
