import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { isRegistrationOpen } from "@/lib/auth/registration";
import { REGISTRATION_CLOSED } from "@/lib/auth/register-user";
import { AuthCard } from "@/components/auth-card";
import { InsecureAddressNotice } from "@/components/address-notices";
import { env } from "@/lib/env";
import { RegisterGate } from "./register-form";
import { inspectInvitationAction, registerAction } from "./actions";

export const metadata: Metadata = { title: "Create an account · Coffer", referrer: "no-referrer" };

// An invitation link (/register#token, docs/decisions/060) opens the form even with registration closed: the token is
// in the fragment, which the server never sees, so the form reads it and asks the server whether it still works.
export default async function RegisterPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <AuthCard title="Create your account">
      <InsecureAddressNotice secureCookies={env().secureCookies} />
      <RegisterGate
        open={await isRegistrationOpen()}
        closedMessage={REGISTRATION_CLOSED}
        register={registerAction}
        inspect={inspectInvitationAction}
      />
    </AuthCard>
  );
}
