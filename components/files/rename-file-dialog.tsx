"use client";
import { useRouter } from "next/navigation";
import { renameFileSchema, type RenameFileInput } from "@/lib/files/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

export function RenameFileDialog(props: {
  fileId: string;
  name: string;
  open: boolean;
  onClose: () => void;
  renameFile: (input: RenameFileInput) => Promise<ActionResult<{ name: string }>>;
}) {
  const router = useRouter();
  const { form, submit, errors, pending } = useActionForm({
    schema: renameFileSchema,
    values: { fileId: props.fileId, name: props.name },
    action: props.renameFile,
    onSuccess: () => {
      props.onClose();
      router.refresh();
    },
  });
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Rename file">
      <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Input label="New name" autoFocus {...form.register("name")} error={errors.name?.message} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Renaming…" : "Rename"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
