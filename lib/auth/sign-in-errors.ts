// What a failed Auth.js sign-in means for the person at the form. Auth.js wraps the provider's error in
// one of its own (CredentialsSignin) and keeps only its `code`; config.ts sets the codes read here.
import { AuthError } from "next-auth";
import { AppError } from "@/lib/errors";
import { tooManyAttempts } from "@/lib/rate-limit";
import { BUSY_RETRY_SECONDS } from "./password-pool";
import { INVALID_SIGN_IN } from "./messages";

/** "two_factor" when the password was right and a code is needed; otherwise throws what to tell the user. */
export function signInRefusal(error: unknown): "two_factor" {
  if (!(error instanceof AuthError) || error.type !== "CredentialsSignin") throw error;
  const code = (error as AuthError & { code?: string }).code ?? "";
  if (code === "two_factor") return "two_factor";
  if (code.startsWith("throttled:")) throw tooManyAttempts(Number(code.slice("throttled:".length)) || 60);
  if (code === "busy") {
    throw new AppError("unavailable", "Coffer is busy checking other sign-ins. Try again in a few seconds.", {
      retryAfterSeconds: BUSY_RETRY_SECONDS,
    });
  }
  throw new AppError("unauthenticated", INVALID_SIGN_IN);
}
