"use client";
import { useId } from "react";
import { useRouter } from "next/navigation";
import { shareFileSchema, type ShareFileInput } from "@/lib/shares/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

/** Shares by username; `suggestions` are the people the owner already shares other files with (never all accounts). */
export function ShareForm({
  fileId,
  suggestions = [],
  shareFile,
}: {
  fileId: string;
  suggestions?: string[];
  shareFile: (input: ShareFileInput) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const listId = useId();
  const { form, submit, errors, pending } = useActionForm({
    schema: shareFileSchema,
    defaultValues: { fileId, username: "" },
    action: shareFile,
    onSuccess: (_result, form) => {
      form.reset({ fileId, username: "" });
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2">
      <div className="min-w-[12rem] flex-1">
        <Input
          label="Share with (username)"
          autoComplete="off"
          list={suggestions.length > 0 ? listId : undefined}
          hint={suggestions.length > 0 ? "Suggestions are people you already share with." : undefined}
          {...form.register("username")}
          error={errors.username?.message}
        />
        {suggestions.length > 0 ? (
          <datalist id={listId} data-testid="share-suggestions">
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        ) : null}
      </div>
      <Button type="submit" disabled={pending} className="mt-6">
        {pending ? "Sharing…" : "Share"}
      </Button>
    </form>
  );
}
