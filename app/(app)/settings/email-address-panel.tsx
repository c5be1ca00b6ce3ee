"use client";
// Settings → Email address: the address in use and its state, a new one waiting for confirmation, and the form that
// changes or removes it (with the current password).
import { changeEmailSchema, type ChangeEmailInput } from "@/lib/recovery/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import type { EmailAddressState } from "@/lib/auth/read-email-address";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";
import { LocalTime } from "@/components/ui/relative-time";

export function EmailAddressPanel({
  state,
  changeEmail,
}: {
  state: EmailAddressState;
  changeEmail: (input: ChangeEmailInput) => Promise<ActionResult>;
}) {
  const { form, submit, errors, pending } = useActionForm({
    schema: changeEmailSchema,
    defaultValues: { email: state.pending?.email ?? state.email ?? "", currentPassword: "" },
    action: changeEmail,
    onSuccess: (_result, form) => form.setValue("currentPassword", ""),
  });
  return (
    <div className="flex max-w-md flex-col gap-4">
      <p className="text-sm text-slate-700" data-testid="email-state">
        {state.email ? (
          <>
            <strong>{state.email}</strong>{" "}
            {state.confirmed ? "· confirmed" : state.mailOn ? "· not confirmed yet: open the link we mailed to it" : "· used to sign in"}
          </>
        ) : (
          "No email address."
        )}
      </p>
      {state.pending ? (
        <p className="text-sm text-slate-700" data-testid="email-pending">
          Waiting for confirmation: <strong>{state.pending.email}</strong> (the link we mailed works until{" "}
          <LocalTime date={state.pending.expiresAt} />
          ). Your current address stays in use until then.
        </p>
      ) : null}
      <p className="text-sm text-slate-600">
        {state.mailOn
          ? "Password reset links and notifications go to your confirmed address. A new address is used once you open the link we mail to it; the old one is told."
          : "This Coffer does not send mail: your address is only another name to sign in with. An administrator can give you a reset link if you forget your password."}
      </p>
      <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Input
          label="Email address"
          type="email"
          autoComplete="email"
          hint="Leave it blank to remove your address."
          {...form.register("email")}
          error={errors.email?.message}
        />
        <Input
          label="Your current password"
          type="password"
          autoComplete="current-password"
          {...form.register("currentPassword")}
          error={errors.currentPassword?.message}
        />
        <Button type="submit" disabled={pending} className="self-start">
          {pending ? "Saving…" : "Save email address"}
        </Button>
      </form>
    </div>
  );
}
