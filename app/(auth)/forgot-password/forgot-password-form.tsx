"use client";
import { useState } from "react";
import Link from "next/link";
import { forgotPasswordSchema, type ForgotPasswordInput } from "@/lib/recovery/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

type RequestReset = (input: ForgotPasswordInput) => Promise<ActionResult<{ email: string }> | undefined>;

/** Asks for a reset link; afterwards says the same thing whatever address was typed. */
export function ForgotPasswordForm({ requestReset }: { requestReset: RequestReset }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { form, submit, errors, pending } = useActionForm({
    schema: forgotPasswordSchema,
    defaultValues: { email: "" },
    action: requestReset,
    onSuccess: (result) => setSentTo(result.data.email),
  });
  if (sentTo) {
    return (
      <div className="flex flex-col gap-4 text-sm text-slate-700" role="status">
        <p>
          If an account has the confirmed address <strong>{sentTo}</strong>, a link to choose a new password is on its way to it. It works
          once, for 30 minutes.
        </p>
        <p>No mail after a few minutes? Look in your spam folder, check the address, or ask your Coffer&apos;s administrator.</p>
        <Link className="font-medium text-indigo-700 underline" href="/login">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        Enter your account&apos;s confirmed email address and we will mail you a link to choose a new password.
      </p>
      <Input label="Email address" type="email" autoComplete="email" autoFocus {...form.register("email")} error={errors.email?.message} />
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send me a reset link"}
      </Button>
      <Link className="text-sm font-medium text-indigo-700 underline" href="/login">
        Back to sign in
      </Link>
    </form>
  );
}
