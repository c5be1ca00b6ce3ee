"use server";
// The admin page's new accounts: create an account (shown its one-time "set your password" link), make an
// invitation link, withdraw one. Each checks admin and the admin two-factor rule (adminAction) and is audited.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { createAccountForUser } from "@/lib/admin/create-account";
import { createInvitation, revokeInvitation } from "@/lib/admin/invitations";
import { createUserSchema, createInvitationSchema, invitationIdSchema } from "@/lib/admin/account-schemas";

export const createUserAction = adminAction(createUserSchema, async ({ username, email }, { user }) => {
  const created = await createAccountForUser({ username, email, adminId: user.id });
  revalidatePath("/admin");
  return success(`${created.username} is created. Give them the link to choose their password; it is shown only now.`, {
    username: created.username,
    url: created.url,
    expiresAt: created.expiresAt.toISOString(),
  });
});

export const createInvitationAction = adminAction(createInvitationSchema, async ({ days }, { user }) => {
  const invitation = await createInvitation({ adminId: user.id, days });
  revalidatePath("/admin");
  return success(`The invitation ${invitation.name} is ready. It is shown only now.`, {
    name: invitation.name,
    url: invitation.url,
    expiresAt: invitation.expiresAt.toISOString(),
  });
});

export const revokeInvitationAction = adminAction(invitationIdSchema, async ({ invitationId }, { user }) => {
  const { name } = await revokeInvitation({ invitationId, adminId: user.id });
  revalidatePath("/admin");
  return success(`The invitation ${name} no longer works.`);
});
