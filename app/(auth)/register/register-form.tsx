"use client";
import Link from "next/link";
import { registerSchema, PASSWORD_MIN, type RegisterInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function RegisterForm({ register }: { register: (input: RegisterInput) => Promise<ActionResult | undefined> }) {
  const { form, submit, errors, pending } = useActionForm({
    schema: registerSchema,
    defaultValues: { username: "", email: "", password: "" },
    action: register,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Input
        label="Username"
        autoComplete="username"
        autoFocus
        hint="3–32 characters: a–z, 0–9, _ . - (others use it to share with you)"
        {...form.register("username")}
        error={errors.username?.message}
      />
      <Input label="Email (optional)" type="email" autoComplete="email" {...form.register("email")} error={errors.email?.message} />
      <Input
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters; a passphrase works well.`}
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-indigo-700 underline" href="/login">
          Sign in
        </Link>
      </p>
    </form>
  );
}
