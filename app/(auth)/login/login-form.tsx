"use client";
import Link from "next/link";
import { loginSchema, type LoginInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function LoginForm({
  next,
  signIn,
}: {
  next?: string;
  signIn: (input: LoginInput & { next?: string }) => Promise<ActionResult | undefined>;
}) {
  const { form, submit, errors, pending } = useActionForm({
    schema: loginSchema,
    defaultValues: { identifier: "", password: "" },
    action: (values: LoginInput) => signIn({ ...values, next }),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Input
        label="Username or email"
        autoComplete="username"
        autoFocus
        {...form.register("identifier")}
        error={errors.identifier?.message}
      />
      <Input
        label="Password"
        type="password"
        autoComplete="current-password"
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
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
