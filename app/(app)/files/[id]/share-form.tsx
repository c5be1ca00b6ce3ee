"use client";
import { useRouter } from "next/navigation";
import { shareFileSchema, type ShareFileInput } from "@/lib/shares/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function ShareForm({ fileId, shareFile }: { fileId: string; shareFile: (input: ShareFileInput) => Promise<ActionResult> }) {
  const router = useRouter();
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
        <Input label="Share with (username)" autoComplete="off" {...form.register("username")} error={errors.username?.message} />
      </div>
      <Button type="submit" disabled={pending} className="mt-6">
        {pending ? "Sharing…" : "Share"}
      </Button>
    </form>
  );
}
