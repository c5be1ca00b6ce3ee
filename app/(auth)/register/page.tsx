import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { AuthCard } from "@/components/auth-card";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account · Coffer" };

export default async function RegisterPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <AuthCard title="Create your account">
      <RegisterForm />
    </AuthCard>
  );
}
