"use server";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { loginSchema } from "@/lib/auth/schemas";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { publicAction } from "@/lib/actions/safe-action";
import { setFlash } from "@/lib/actions/flash";
import { AppError } from "@/lib/errors";
import { tooManyAttempts } from "@/lib/rate-limit";
import { safeRedirectPath } from "@/lib/safe-redirect-path";

const signInSchema = loginSchema.extend({ next: z.string().max(2048).optional() });

export const signInAction = publicAction(signInSchema, async ({ identifier, password, next }) => {
  try {
    await signIn("credentials", { identifier, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      const code = (error as AuthError & { code?: string }).code ?? "";
      if (code.startsWith("throttled:")) throw tooManyAttempts(Number(code.slice("throttled:".length)) || 60);
      throw new AppError("unauthenticated", INVALID_SIGN_IN);
    }
    throw error;
  }
  await setFlash({ type: "success", message: "Signed in." });
  redirect(safeRedirectPath(next));
});
