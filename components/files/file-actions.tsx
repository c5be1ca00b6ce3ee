"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { RenameFileDialog } from "./rename-file-dialog";
import { DeleteFileDialog } from "./delete-file-dialog";

/** Download, rename and delete for one file the user owns. */
export function FileActions({ fileId, name, afterDelete }: { fileId: string; name: string; afterDelete?: string }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <a
        href={`/api/files/${fileId}/download`}
        download
        aria-label={`Download ${name}`}
        className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
      >
        Download
      </a>
      <Button variant="ghost" className="px-3 py-1.5" aria-label={`Rename ${name}`} onClick={() => setDialog("rename")}>
        Rename
      </Button>
      <Button variant="ghost" className="px-3 py-1.5 text-red-700" aria-label={`Delete ${name}`} onClick={() => setDialog("delete")}>
        Delete
      </Button>
      <RenameFileDialog fileId={fileId} name={name} open={dialog === "rename"} onClose={() => setDialog(null)} />
      <DeleteFileDialog fileId={fileId} name={name} open={dialog === "delete"} onClose={() => setDialog(null)} afterDelete={afterDelete} />
    </div>
  );
}
