"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { registerSchema, PASSWORD_MIN, type RegisterInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";
import { useFragmentToken } from "@/components/forms/use-fragment-token";

type Register = (input: RegisterInput) => Promise<ActionResult | undefined>;
type Inspect = (input: { token: string }) => Promise<ActionResult<{ expiresAt: string }> | undefined>;

/**
 * The form while registration is open; with an invitation link (its token after "#"), the form once the server says
 * the invitation still works, whatever the setting; otherwise the closed message.
 */
export function RegisterGate({
  open,
  closedMessage,
  register,
  inspect,
}: {
  open: boolean;
  closedMessage: string;
  register: Register;
  inspect: Inspect;
}) {
  const token = useFragmentToken();
  const [invitation, setInvitation] = useState<"checking" | "valid" | { error: string } | null>(null);
  useEffect(() => {
    if (!token) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setInvitation("checking");
    void inspect({ token }).then((result) =>
      setInvitation(result?.ok ? "valid" : { error: result?.error ?? "Something went wrong. Please try again." }),
    );
  }, [token, inspect]);

  if (invitation === "checking") return <p className="text-sm text-slate-700">Checking the invitation…</p>;
  if (invitation && invitation !== "valid") {
    return (
      <p role="alert" className="text-slate-700">
        {invitation.error}
      </p>
    );
  }
  if (invitation === "valid" && token) {
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm text-slate-700">You were invited: choose your username and password. The invitation works once.</p>
        <RegisterForm register={register} invite={token} />
      </div>
    );
  }
  return open ? <RegisterForm register={register} /> : <p className="text-slate-700">{closedMessage}</p>;
}

export function RegisterForm({ register, invite }: { register: Register; invite?: string }) {
  const { form, submit, errors, pending } = useActionForm({
    schema: registerSchema,
    defaultValues: { username: "", email: "", password: "", invite },
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
