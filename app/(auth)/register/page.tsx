import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { isRegistrationOpen } from "@/lib/admin/registration";
import { REGISTRATION_CLOSED } from "@/lib/auth/register-user";
import { AuthCard } from "@/components/auth-card";
import { InsecureAddressNotice } from "@/components/address-notices";
import { env } from "@/lib/env";
import { RegisterForm } from "./register-form";
import { registerAction } from "./actions";

export const metadata: Metadata = { title: "Create an account · Coffer" };

export default async function RegisterPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <AuthCard title="Create your account">
      <InsecureAddressNotice secureCookies={env().secureCookies} />
      {(await isRegistrationOpen()) ? <RegisterForm register={registerAction} /> : <p className="text-slate-700">{REGISTRATION_CLOSED}</p>}
    </AuthCard>
  );
}
