"use client";
// The password step of a public link (/s/) and of a file request (/r/): one field, one schema, the page refreshed
// once the unlock cookie is set.
import { useRouter } from "next/navigation";
import { unlockLinkSchema, type UnlockLinkInput } from "@/lib/links/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function UnlockForm({ token, unlock }: { token: string; unlock: (input: UnlockLinkInput) => Promise<ActionResult> }) {
  const router = useRouter();
  const { form, submit, errors, pending } = useActionForm({
    schema: unlockLinkSchema,
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
