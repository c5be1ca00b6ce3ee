import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { ResetPasswordForm } from "../reset-password/reset-password-form";
import { inspectResetLinkAction, resetPasswordAction } from "../reset-password/actions";

export const metadata: Metadata = { title: "Choose your password · Coffer", referrer: "no-referrer" };

// A new account's first password, with the one-time link its administrator handed over (docs/decisions/060). The
// token is in the fragment (never sent to the server): the form reads it and hands it to the actions.
export default function SetPasswordPage() {
  return (
    <AuthCard title="Choose your password">
      <ResetPasswordForm inspect={inspectResetLinkAction} reset={resetPasswordAction} purpose="password_set" />
    </AuthCard>
  );
}
