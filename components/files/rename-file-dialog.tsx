"use client";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { renameFileSchema, type RenameFileInput } from "@/lib/files/schemas";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { renameFileAction } from "@/app/(app)/files/actions";

export function RenameFileDialog({ fileId, name, open, onClose }: { fileId: string; name: string; open: boolean; onClose: () => void }) {
  const router = useRouter();
  const form = useForm<RenameFileInput>({ resolver: zodResolver(renameFileSchema), values: { fileId, name } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    if (applyActionResult(await renameFileAction(values), form.setError)) {
      onClose();
      router.refresh();
    }
  });
  return (
    <Dialog open={open} onClose={onClose} title="Rename file">
      <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <Field label="New name" autoFocus {...form.register("name")} error={errors.name?.message} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Renaming…" : "Rename"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
