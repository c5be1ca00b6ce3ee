"use client";
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { RenameFileInput } from "@/lib/files/schemas";
import { Button } from "@/components/ui/button";
import { DownloadLink } from "@/components/ui/link-button";
import { Menu } from "@/components/ui/menu";
import { RenameFileDialog } from "./rename-file-dialog";
import { DeleteFileDialog } from "./delete-file-dialog";

/** The server actions behind a file's Rename and Delete, handed down by the page that shows the file. */
export type FileActionHandlers = {
  renameFile: (input: RenameFileInput) => Promise<ActionResult<{ name: string }>>;
  deleteFile: (input: { fileId: string }) => Promise<ActionResult>;
};

/**
 * Download, rename and delete for one file the user owns: as buttons (the file's page), or, in a list's row, Download
 * beside a "⋯" menu that holds the others, so that every row stays one line.
 */
export function FileActions({
  fileId,
  name,
  afterDelete,
  actions,
  layout = "buttons",
}: {
  fileId: string;
  name: string;
  afterDelete?: string;
  actions: FileActionHandlers;
  layout?: "buttons" | "menu";
}) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  return (
    <div className="flex flex-nowrap items-center justify-end gap-1 max-sm:justify-start">
      <DownloadLink href={`/api/files/${fileId}/download`} aria-label={`Download ${name}`}>
        Download
      </DownloadLink>
      {layout === "menu" ? (
        <Menu
          label={`More actions for ${name}`}
          items={[
            { label: "Rename", onSelect: () => setDialog("rename") },
            { label: "Delete", onSelect: () => setDialog("delete"), danger: true },
          ]}
        />
      ) : (
        <>
          <Button variant="ghost" className="px-3 py-1.5" aria-label={`Rename ${name}`} onClick={() => setDialog("rename")}>
            Rename
          </Button>
          <Button variant="ghost" className="px-3 py-1.5 text-red-700" aria-label={`Delete ${name}`} onClick={() => setDialog("delete")}>
            Delete
          </Button>
        </>
      )}
      <RenameFileDialog
        fileId={fileId}
        name={name}
        open={dialog === "rename"}
        onClose={() => setDialog(null)}
        renameFile={actions.renameFile}
      />
      <DeleteFileDialog
        fileId={fileId}
        name={name}
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        afterDelete={afterDelete}
        deleteFile={actions.deleteFile}
      />
    </div>
  );
}
