"use client";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { shareFileSchema, type ShareFileInput } from "@/lib/shares/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { shareFileAction } from "@/app/(app)/files/[id]/actions";

export function ShareForm({ fileId }: { fileId: string }) {
  const router = useRouter();
  const form = useForm<ShareFileInput>({ resolver: zodResolver(shareFileSchema), defaultValues: { fileId, username: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    if (applyActionResult(await shareFileAction(values), form.setError)) {
      form.reset({ fileId, username: "" });
      router.refresh();
    }
  });
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-2">
      <div className="min-w-[12rem] flex-1">
        <Field label="Share with (username)" autoComplete="off" {...form.register("username")} error={errors.username?.message} />
      </div>
      <Button type="submit" disabled={isSubmitting} className="mt-6">
        {isSubmitting ? "Sharing…" : "Share"}
      </Button>
    </form>
  );
}
