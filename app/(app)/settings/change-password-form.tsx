"use client";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/auth/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm() {
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    if (applyActionResult(await changePasswordAction(values), form.setError)) form.reset();
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex max-w-md flex-col gap-4">
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        {...form.register("currentPassword")}
        error={errors.currentPassword?.message}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        {...form.register("newPassword")}
        error={errors.newPassword?.message}
      />
      <Field
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        {...form.register("confirmPassword")}
        error={errors.confirmPassword?.message}
      />
      <Button type="submit" disabled={isSubmitting} className="self-start">
        {isSubmitting ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
