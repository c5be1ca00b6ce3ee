import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { ResetPasswordForm } from "./reset-password-form";
import { inspectResetLinkAction, resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose a new password · Coffer", referrer: "no-referrer" };

// The token is in the fragment (never sent to the server): the form reads it and hands it to the actions.
export default function ResetPasswordPage() {
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm inspect={inspectResetLinkAction} reset={resetPasswordAction} />
    </AuthCard>
  );
}
