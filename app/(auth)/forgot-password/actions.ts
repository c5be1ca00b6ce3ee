"use server";
import { headers } from "next/headers";
import { publicAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { clientAddress } from "@/lib/client-address";
import { requestPasswordReset } from "@/lib/recovery/request-password-reset";
import { forgotPasswordSchema } from "@/lib/recovery/schemas";
import { RESET_REQUESTED } from "@/lib/recovery/reset-link";

// The same answer for every address, whether an account has it or not.
export const requestPasswordResetAction = publicAction(forgotPasswordSchema, async ({ email }) => {
  await requestPasswordReset({ email, address: clientAddress(await headers()) });
  return success(RESET_REQUESTED, { email });
});
