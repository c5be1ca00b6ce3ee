import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { AuthCard } from "@/components/auth-card";
import { InsecureAddressNotice } from "@/components/address-notices";
import { env } from "@/lib/env";
import { LoginForm } from "./login-form";
import { signInAction, verifyTwoFactorSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in · Coffer" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await currentUser()) redirect("/dashboard");
  const { next } = await searchParams;
  return (
    <AuthCard title="Sign in to Coffer">
      <InsecureAddressNotice secureCookies={env().secureCookies} />
      <LoginForm next={typeof next === "string" ? next : undefined} signIn={signInAction} verifyCode={verifyTwoFactorSignInAction} />
    </AuthCard>
  );
}
