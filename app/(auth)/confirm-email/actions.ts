"use server";
import { headers } from "next/headers";
import { publicAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/client-address";
import { confirmEmailAddress, findEmailConfirmation } from "@/lib/auth/confirm-email-address";
import { CONFIRMATION_LINK_INVALID } from "@/lib/auth/email-confirmation-link";
import { linkTokenSchema } from "@/lib/recovery/schemas";

export const inspectEmailConfirmationAction = publicAction(linkTokenSchema, async ({ token }) => {
  const found = await findEmailConfirmation(token);
  if (!found) throw new AppError("not_found", CONFIRMATION_LINK_INVALID);
  return found;
});

export const confirmEmailAction = publicAction(linkTokenSchema, async ({ token }) => {
  const { email } = await confirmEmailAddress({ token, address: clientAddress(await headers()) });
  return success(`${email} is confirmed.`, { email });
});
