import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { ConfirmEmailForm } from "./confirm-email-form";
import { confirmEmailAction, inspectEmailConfirmationAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your email address · Coffer", referrer: "no-referrer" };

// The token is in the fragment (never sent to the server); confirming takes a click, not just opening the page.
export default function ConfirmEmailPage() {
  return (
    <AuthCard title="Confirm your email address">
      <ConfirmEmailForm inspect={inspectEmailConfirmationAction} confirm={confirmEmailAction} />
    </AuthCard>
  );
}
