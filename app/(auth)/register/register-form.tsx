"use client";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { registerSchema, PASSWORD_MIN, type RegisterInput } from "@/lib/auth/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { registerAction } from "./actions";

export function RegisterForm() {
  const form = useForm<RegisterInput>({
    resolver: zodResolver(registerSchema),
    defaultValues: { username: "", email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    applyActionResult(await registerAction(values), form.setError);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field
        label="Username"
        autoComplete="username"
        autoFocus
        hint="3–32 characters: a–z, 0–9, _ . - (others use it to share with you)"
        {...form.register("username")}
        error={errors.username?.message}
      />
      <Field label="Email (optional)" type="email" autoComplete="email" {...form.register("email")} error={errors.email?.message} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters; a passphrase works well.`}
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Creating account…" : "Create account"}
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
