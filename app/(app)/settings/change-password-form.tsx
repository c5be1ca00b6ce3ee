"use client";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function ChangePasswordForm({
  changePassword,
  twoFactor = false,
}: {
  changePassword: (input: ChangePasswordInput) => Promise<ActionResult>;
  /** Two-factor sign-in is on: the change asks for a current code too. */
  twoFactor?: boolean;
}) {
  const { form, submit, errors, pending } = useActionForm({
    schema: changePasswordSchema,
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "", code: "" },
    action: changePassword,
    onSuccess: (_result, form) => form.reset(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4">
      <Input
        label="Current password"
        type="password"
        autoComplete="current-password"
        {...form.register("currentPassword")}
        error={errors.currentPassword?.message}
      />
      <Input
        label="New password"
        type="password"
        autoComplete="new-password"
        {...form.register("newPassword")}
        error={errors.newPassword?.message}
      />
      <Input
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        {...form.register("confirmPassword")}
        error={errors.confirmPassword?.message}
      />
      {twoFactor ? (
        <Input
          label="Two-factor code"
          hint="From your authenticator app, or a recovery code."
          autoComplete="one-time-code"
          spellCheck={false}
          {...form.register("code")}
          error={errors.code?.message}
        />
      ) : null}
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
