"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { resetPasswordSchema, type PasswordLinkPurpose, type ResetPasswordInput } from "@/lib/recovery/schemas";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";
import { useFragmentToken } from "@/components/forms/use-fragment-token";

type LinkInfo = { username: string; twoFactor: boolean };
type Inspect = (input: { token: string; purpose: PasswordLinkPurpose }) => Promise<ActionResult<LinkInfo> | undefined>;
type Reset = (input: ResetPasswordInput) => Promise<ActionResult | undefined>;

/**
 * Checks the link first (whose account, whether a code is needed), then asks for the new password. With purpose
 * "password_set", the same for a new account's first password (the link an admin handed over).
 */
export function ResetPasswordForm({
  inspect,
  reset,
  purpose = "password_reset",
}: {
  inspect: Inspect;
  reset: Reset;
  purpose?: PasswordLinkPurpose;
}) {
  const token = useFragmentToken();
  const [link, setLink] = useState<LinkInfo | { error: string } | null>(null);
  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setLink({
        error:
          purpose === "password_set"
            ? "This page needs the link your administrator gave you: open it whole."
            : "This page needs the link from your mail: open it from there, whole.",
      });
      return;
    }
    void inspect({ token, purpose }).then((result) =>
      setLink(result?.ok ? result.data : { error: result?.error ?? "Something went wrong. Please try again." }),
    );
  }, [token, inspect, purpose]);

  if (!link) return <p className="text-sm text-slate-700">Checking the link…</p>;
  if ("error" in link) {
    return (
      <div className="flex flex-col gap-4 text-sm text-slate-700">
        <p role="alert">{link.error}</p>
        {purpose === "password_reset" ? (
          <Link className="font-medium text-indigo-700 underline" href="/forgot-password">
            Ask for a new link
          </Link>
        ) : null}
      </div>
    );
  }
  return <NewPasswordForm token={token!} link={link} reset={reset} purpose={purpose} />;
}

function NewPasswordForm({ token, link, reset, purpose }: { token: string; link: LinkInfo; reset: Reset; purpose: PasswordLinkPurpose }) {
  const { form, submit, errors, pending } = useActionForm({
    schema: resetPasswordSchema,
    defaultValues: { token, purpose, newPassword: "", confirmPassword: "", code: "" },
    action: reset,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        For the account <strong>{link.username}</strong>.{" "}
        {purpose === "password_set"
          ? "Choose the password you will sign in with; nobody else sees it."
          : "Every session of the account is signed out when the new password is set."}
      </p>
      {/* For password managers: the account this new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={link.username} readOnly hidden />
      <Input
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus
        hint={`At least ${PASSWORD_MIN} characters; a passphrase works well.`}
        {...form.register("newPassword")}
        error={errors.newPassword?.message}
      />
      <Input
        label="New password again"
        type="password"
        autoComplete="new-password"
        {...form.register("confirmPassword")}
        error={errors.confirmPassword?.message}
      />
      {link.twoFactor ? (
        <Input
          label="Authentication code"
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="off"
          hint="Two-factor sign-in is on: a code from your authenticator app, or one of your recovery codes."
          {...form.register("code")}
          error={errors.code?.message}
        />
      ) : null}
      {errors.token?.message ? <p role="alert">{errors.token.message}</p> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : purpose === "password_set" ? "Set my password" : "Set the new password"}
      </Button>
    </form>
  );
}
