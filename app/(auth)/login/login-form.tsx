"use client";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { loginSchema, type LoginInput } from "@/lib/auth/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { signInAction } from "./actions";

export function LoginForm({ next }: { next?: string }) {
  const form = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { identifier: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    applyActionResult(await signInAction({ ...values, next }), form.setError);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field
        label="Username or email"
        autoComplete="username"
        autoFocus
        {...form.register("identifier")}
        error={errors.identifier?.message}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-sm text-slate-600">
        New here?{" "}
        <Link className="font-medium text-indigo-700 underline" href="/register">
          Create an account
        </Link>
      </p>
    </form>
  );
}
