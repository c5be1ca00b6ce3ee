"use client";
import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Download, Share2, Trash2 } from "lucide-react";
import type { ActionResult } from "@/lib/actions/action-result";
import { shareFilesSchema, type ShareFilesInput } from "@/lib/shares/schemas";
import type { DeleteFilesInput } from "@/lib/files/schemas";
import { Button } from "@/components/ui/button";
import { ActionButton } from "@/components/ui/action-button";
import { Dialog } from "@/components/ui/dialog";
import { DownloadLink } from "@/components/ui/link-button";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/forms/use-action-form";
import { SelectAllBox, SelectBox, SelectionProvider, useSelection } from "@/components/ui/selection";

type SelectableFile = { id: string; name: string };
export type BulkFileActions = {
  deleteFiles: (input: DeleteFilesInput) => Promise<ActionResult>;
  shareFiles: (input: ShareFilesInput) => Promise<ActionResult>;
};

/**
 * The dashboard's selection of files: checkboxes in the table, and above it a bar that downloads, shares or deletes
 * the selected files (the last two after one confirmation). The bar sticks to the top of the window while the table
 * scrolls under it, so it stays in view as long as files are selected.
 */
export function FileSelection({ files, actions, children }: { files: SelectableFile[]; actions: BulkFileActions; children: ReactNode }) {
  return (
    <SelectionProvider ids={files.map((f) => f.id)}>
      <div className="flex flex-col gap-3">
        <SelectionBar files={files} actions={actions} />
        {children}
      </div>
    </SelectionProvider>
  );
}

export const SelectFileBox = ({ id, name }: { id: string; name: string }) => <SelectBox id={id} label={`Select ${name}`} />;
export const SelectAllFilesBox = () => <SelectAllBox label="Select all files on this page" />;

function SelectionBar({ files, actions }: { files: SelectableFile[]; actions: BulkFileActions }) {
  const { selected, setAll } = useSelection();
  const [dialog, setDialog] = useState<"delete" | "share" | "download" | null>(null);
  const chosen = files.filter((f) => selected.has(f.id));
  if (chosen.length === 0 && dialog === null) return null;
  const label = `${chosen.length} ${chosen.length === 1 ? "file" : "files"}`;
  return (
    <div
      role="region"
      aria-label="Selected files"
      data-testid="selection-bar"
      className="sticky top-0 z-30 flex flex-wrap items-center gap-2 rounded-xl border border-indigo-200 bg-indigo-50 px-4 py-2 shadow-sm"
    >
      <span className="mr-auto text-sm font-medium" aria-live="polite">
        {label} selected
      </span>
      <Button variant="secondary" className="px-3 py-1.5" onClick={() => setDialog("download")}>
        <Download aria-hidden="true" className="size-4" />
        Download…
      </Button>
      <Button variant="secondary" className="px-3 py-1.5" onClick={() => setDialog("share")}>
        <Share2 aria-hidden="true" className="size-4" />
        Share…
      </Button>
      <Button variant="secondary" className="px-3 py-1.5 text-red-700" onClick={() => setDialog("delete")}>
        <Trash2 aria-hidden="true" className="size-4" />
        Delete…
      </Button>
      <Button variant="ghost" className="px-3 py-1.5" onClick={() => setAll(false)}>
        Clear selection
      </Button>
      <DeleteSelectedDialog
        open={dialog === "delete"}
        files={chosen}
        onClose={() => setDialog(null)}
        onDone={() => setAll(false)}
        deleteFiles={actions.deleteFiles}
      />
      <DownloadSelectedDialog open={dialog === "download"} files={chosen} onClose={() => setDialog(null)} />
      <ShareSelectedDialog
        open={dialog === "share"}
        files={chosen}
        onClose={() => setDialog(null)}
        onDone={() => setAll(false)}
        shareFiles={actions.shareFiles}
      />
    </div>
  );
}

function FileNames({ files }: { files: SelectableFile[] }) {
  const shown = files.slice(0, 5);
  return (
    <ul className="list-disc pl-5 text-sm text-slate-700">
      {shown.map((f) => (
        <li key={f.id} className="break-all">
          {f.name}
        </li>
      ))}
      {files.length > shown.length ? <li>and {files.length - shown.length} more</li> : null}
    </ul>
  );
}

/**
 * Until folders bring one zip of a selection, the selected files are listed with a download link each: browsers
 * block a page that starts many downloads at once, so each is the person's own click.
 */
function DownloadSelectedDialog(props: { open: boolean; files: SelectableFile[]; onClose: () => void }) {
  const count = props.files.length;
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Download ${count} ${count === 1 ? "file" : "files"}`}>
      <p className="text-sm text-slate-700">
        One zip of several files is not there yet: download them one by one. Each link below downloads one file.
      </p>
      <ul className="flex max-h-72 flex-col gap-1 overflow-y-auto">
        {props.files.map((f) => (
          <li key={f.id} className="flex items-center gap-3">
            <span className="min-w-0 flex-1 truncate text-sm" title={f.name}>
              {f.name}
            </span>
            <DownloadLink href={`/api/files/${f.id}/download`} aria-label={`Download ${f.name}`}>
              Download
            </DownloadLink>
          </li>
        ))}
      </ul>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={props.onClose} autoFocus>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

function DeleteSelectedDialog(props: {
  open: boolean;
  files: SelectableFile[];
  onClose: () => void;
  onDone: () => void;
  deleteFiles: BulkFileActions["deleteFiles"];
}) {
  const router = useRouter();
  const count = props.files.length;
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Delete ${count} ${count === 1 ? "file" : "files"}?`}>
      <p className="text-sm text-slate-700">These files will be deleted for good, with every share and link to them:</p>
      <FileNames files={props.files} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose} autoFocus>
          Cancel
        </Button>
        <ActionButton
          variant="danger"
          className="px-4 py-2"
          run={() => props.deleteFiles({ fileIds: props.files.map((f) => f.id) })}
          label={`Delete ${count === 1 ? "file" : `${count} files`}`}
          pendingLabel="Deleting…"
          onDone={() => {
            props.onClose();
            props.onDone();
            router.refresh();
          }}
        />
      </div>
    </Dialog>
  );
}

function ShareSelectedDialog(props: {
  open: boolean;
  files: SelectableFile[];
  onClose: () => void;
  onDone: () => void;
  shareFiles: BulkFileActions["shareFiles"];
}) {
  const count = props.files.length;
  return (
    <Dialog open={props.open} onClose={props.onClose} title={`Share ${count} ${count === 1 ? "file" : "files"}`}>
      <FileNames files={props.files} />
      <ShareSelectedForm {...props} />
    </Dialog>
  );
}

function ShareSelectedForm(props: {
  files: SelectableFile[];
  onClose: () => void;
  onDone: () => void;
  shareFiles: BulkFileActions["shareFiles"];
}) {
  const router = useRouter();
  const { form, submit, errors, pending } = useActionForm({
    schema: shareFilesSchema,
    // Mounted when the dialog opens, with the selection as it is then.
    defaultValues: { fileIds: props.files.map((f) => f.id), username: "" },
    action: props.shareFiles,
    onSuccess: () => {
      props.onClose();
      props.onDone();
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Input label="Share with (username)" autoComplete="off" autoFocus {...form.register("username")} error={errors.username?.message} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Sharing…" : "Share"}
        </Button>
      </div>
    </form>
  );
}
