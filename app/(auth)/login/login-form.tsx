"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { loginSchema, twoFactorSignInSchema, type LoginInput, type TwoFactorSignInInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";
import { forgetResumableUploads } from "@/components/files/forget-resumable-uploads";

type SignIn = (input: LoginInput & { next?: string }) => Promise<ActionResult<{ twoFactor: boolean }> | undefined>;
type VerifyCode = (input: TwoFactorSignInInput & { next?: string }) => Promise<ActionResult | undefined>;

/** Sign-in: the password, then (for an account with two-factor on) a code from the authenticator app. */
export function LoginForm({ next, signIn, verifyCode }: { next?: string; signIn: SignIn; verifyCode: VerifyCode }) {
  const [step, setStep] = useState<"password" | "code">("password");
  // Signed out (or never signed in): the last person's unfinished uploads are not this browser's to remember.
  useEffect(() => {
    try {
      forgetResumableUploads();
    } catch {
      // Storage refused (private mode): there is nothing kept to forget.
    }
  }, []);
  return step === "password" ? (
    <PasswordStep next={next} signIn={signIn} onTwoFactor={() => setStep("code")} />
  ) : (
    <CodeStep next={next} verifyCode={verifyCode} onRestart={() => setStep("password")} />
  );
}

function PasswordStep({ next, signIn, onTwoFactor }: { next?: string; signIn: SignIn; onTwoFactor: () => void }) {
  const { form, submit, errors, pending } = useActionForm({
    schema: loginSchema,
    defaultValues: { identifier: "", password: "" },
    action: (values: LoginInput) => signIn({ ...values, next }),
    onSuccess: (result) => {
      if (result.data?.twoFactor) onTwoFactor();
    },
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
      <Link className="self-start text-sm font-medium text-indigo-700 underline" href="/forgot-password">
        Forgot password?
      </Link>
      <p className="text-sm text-slate-600">
        New here?{" "}
        <Link className="font-medium text-indigo-700 underline" href="/register">
          Create an account
        </Link>
      </p>
    </form>
  );
}

function CodeStep({ next, verifyCode, onRestart }: { next?: string; verifyCode: VerifyCode; onRestart: () => void }) {
  const { form, submit, errors, pending } = useActionForm({
    schema: twoFactorSignInSchema,
    defaultValues: { code: "" },
    action: (values: TwoFactorSignInInput) => verifyCode({ ...values, next }),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        Two-factor sign-in is on for this account. Enter the 6-digit code your authenticator app shows, or one of your recovery codes.
      </p>
      <Input
        label="Authentication code"
        autoComplete="one-time-code"
        autoFocus
        spellCheck={false}
        autoCapitalize="off"
        {...form.register("code")}
        error={errors.code?.message}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </Button>
      <Button type="button" variant="ghost" className="self-center text-sm" onClick={onRestart}>
        Start again with another account
      </Button>
    </form>
  );
}
