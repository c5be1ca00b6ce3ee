"use client";
import { useRouter } from "next/navigation";
import { unlockRequestSchema, type UnlockRequestInput } from "@/lib/requests/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function UnlockRequestForm({ token, unlock }: { token: string; unlock: (input: UnlockRequestInput) => Promise<ActionResult> }) {
  const router = useRouter();
  const { form, submit, errors, pending } = useActionForm({
    schema: unlockRequestSchema,
    defaultValues: { token, password: "" },
    action: unlock,
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <Input
        label="Password"
        type="password"
        autoComplete="off"
        autoFocus
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Unlock"}
      </Button>
    </form>
  );
}
