"use client";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { unlockLinkSchema, type UnlockLinkInput } from "@/lib/links/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { unlockLinkAction } from "./actions";

export function UnlockForm({ token }: { token: string }) {
  const router = useRouter();
  const form = useForm<UnlockLinkInput>({ resolver: zodResolver(unlockLinkSchema), defaultValues: { token, password: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    if (applyActionResult(await unlockLinkAction(values), form.setError)) router.refresh();
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <Field
        label="Password"
        type="password"
        autoComplete="off"
        autoFocus
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Checking…" : "Unlock"}
      </Button>
    </form>
  );
}
