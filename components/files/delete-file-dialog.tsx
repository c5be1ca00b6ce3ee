"use client";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { ActionButton } from "@/components/ui/action-button";

export function DeleteFileDialog(props: {
  fileId: string;
  name: string;
  open: boolean;
  onClose: () => void;
  afterDelete?: string;
  deleteFile: (input: { fileId: string }) => Promise<ActionResult>;
}) {
  const router = useRouter();
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Delete file?">
      <p className="text-sm text-slate-700">
        <strong className="break-all">{props.name}</strong> will be deleted for good, with every share and link to it.
      </p>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose} autoFocus>
          Cancel
        </Button>
        <ActionButton
          variant="danger"
          className="px-4 py-2"
          run={() => props.deleteFile({ fileId: props.fileId })}
          label="Delete"
          pendingLabel="Deleting…"
          onDone={() => {
            props.onClose();
            if (props.afterDelete) router.push(props.afterDelete);
            else router.refresh();
          }}
        />
      </div>
    </Dialog>
  );
}
