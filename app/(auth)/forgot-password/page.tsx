import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { mailEnabled } from "@/lib/outbox/enqueue-mail";
import { AuthCard } from "@/components/auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";
import { requestPasswordResetAction } from "./actions";

export const metadata: Metadata = { title: "Forgot password · Coffer" };

export default async function ForgotPasswordPage() {
  if (await currentUser()) redirect("/settings");
  return (
    <AuthCard title="Forgot your password?">
      {mailEnabled() ? (
        <ForgotPasswordForm requestReset={requestPasswordResetAction} />
      ) : (
        <div className="flex flex-col gap-4 text-sm text-slate-700">
          <p>This Coffer does not send mail, so it cannot mail you a reset link.</p>
          <p>Ask its administrator for one: they can make a one-time link that lets you choose a new password (they never see it).</p>
          <Link className="font-medium text-indigo-700 underline" href="/login">
            Back to sign in
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
