"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { deleteFileAction } from "@/app/(app)/files/actions";

export function DeleteFileDialog(props: { fileId: string; name: string; open: boolean; onClose: () => void; afterDelete?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const result = await deleteFileAction({ fileId: props.fileId });
      if (!result.ok) return void toast.error(result.error);
      toast.success(result.message ?? "Deleted.");
      props.onClose();
      if (props.afterDelete) router.push(props.afterDelete);
      else router.refresh();
    });
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Delete file?">
      <p className="text-sm text-slate-700">
        <strong className="break-all">{props.name}</strong> will be deleted for good, with every share and link to it.
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} disabled={pending}>
          {pending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </Dialog>
  );
}
