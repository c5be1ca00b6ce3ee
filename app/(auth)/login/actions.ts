"use server";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { loginSchema } from "@/lib/auth/schemas";
import { ActionError, publicAction } from "@/lib/actions/safe-action";
import { retryMessage } from "@/lib/rate-limit";
import { setFlash } from "@/lib/flash";
import { safeRedirectPath } from "@/lib/safe-redirect-path";
import { z } from "zod";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";

const signInSchema = loginSchema.extend({ next: z.string().max(2048).optional() });

export const signInAction = publicAction(signInSchema, async ({ identifier, password, next }) => {
  try {
    await signIn("credentials", { identifier, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      const code = (error as AuthError & { code?: string }).code ?? "";
      if (code.startsWith("throttled:")) {
        const seconds = Number(code.slice("throttled:".length)) || 60;
        throw new ActionError(retryMessage(seconds), { retryAfterSeconds: seconds });
      }
      throw new ActionError(INVALID_SIGN_IN);
    }
    throw error;
  }
  await setFlash({ type: "success", message: "Signed in." });
  redirect(safeRedirectPath(next));
});
