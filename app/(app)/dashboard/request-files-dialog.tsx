"use client";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { createRequestSchema, REQUEST_EXPIRY_PRESETS, type CreateRequestInput } from "@/lib/requests/schemas";
import { REQUEST_DEFAULTS, REQUEST_KINDS } from "@/lib/requests/limits";
import type { ActionResult } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { copyLinkUrl, LinkQrCode } from "@/components/links/copy-link";
import { useActionForm } from "@/components/forms/use-action-form";

const EXPIRY_OPTIONS = Object.entries(REQUEST_EXPIRY_PRESETS).map(([value, label]) => ({ value, label }));
const MiB = 1024 * 1024;

const blank: CreateRequestInput = {
  label: "",
  message: "",
  expiry: "7d",
  expiresOn: "",
  password: "",
  maxFiles: REQUEST_DEFAULTS.maxFiles,
  maxTotalMiB: REQUEST_DEFAULTS.maxTotalBytes / MiB,
  maxFileMiB: "",
  allowedTypes: "",
};

/** "Request files": a dialog with the request's form, then its link to copy (the link can be copied again from "Shared by me"). */
export function RequestFilesDialog({
  createRequest,
}: {
  createRequest: (input: CreateRequestInput) => Promise<ActionResult<{ url: string; path: string }>>;
}) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setCreated(null);
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Request files
      </Button>
      <Dialog wide open={open} onClose={close} title={created ? "Your request is open" : "Request files"}>
        {created ? (
          <div className="flex flex-col gap-3" role="status">
            <p className="text-sm text-slate-700">
              Send this link to whoever should send you files. They see only your request, never your files.
            </p>
            <LinkQrCode url={created} label="Request link" />
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" onClick={() => copyLinkUrl(created)}>
                Copy link
              </Button>
              <Button onClick={close} autoFocus>
                Done
              </Button>
            </div>
            <p className="text-xs text-slate-600">You can copy it again, close it or reopen it from Shared by me.</p>
          </div>
        ) : (
          <RequestForm createRequest={createRequest} onCreated={setCreated} onCancel={close} />
        )}
      </Dialog>
    </>
  );
}

function RequestForm({
  createRequest,
  onCreated,
  onCancel,
}: {
  createRequest: (input: CreateRequestInput) => Promise<ActionResult<{ url: string; path: string }>>;
  onCreated: (url: string) => void;
  onCancel: () => void;
}) {
  const { form, submit, errors, pending } = useActionForm({
    schema: createRequestSchema,
    defaultValues: blank,
    action: createRequest,
    onSuccess: (result) => onCreated(result.data.url),
  });
  const expiry = useWatch({ control: form.control, name: "expiry" });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-h-[70vh] flex-col gap-4 overflow-y-auto pr-1">
      <Input label="What for" placeholder="Receipts for March" autoFocus {...form.register("label")} error={errors.label?.message} />
      <Textarea label="Message for the sender (optional)" rows={3} {...form.register("message")} error={errors.message?.message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Select id="request-expiry" label="Open until" options={EXPIRY_OPTIONS} {...form.register("expiry")} />
        {expiry === "date" ? (
          <Input label="Last day" type="date" {...form.register("expiresOn")} error={errors.expiresOn?.message} />
        ) : null}
        <Input
          label="Password (optional)"
          type="password"
          autoComplete="new-password"
          {...form.register("password")}
          error={errors.password?.message}
        />
      </div>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-medium text-slate-700">Limits</legend>
        <Input label="Files" type="number" inputMode="numeric" min={1} {...form.register("maxFiles")} error={errors.maxFiles?.message} />
        <Input
          label="Total size (MiB)"
          type="number"
          inputMode="numeric"
          min={1}
          {...form.register("maxTotalMiB")}
          error={errors.maxTotalMiB?.message}
          hint="Counts against your quota."
        />
        <Input
          label="Largest file (MiB, optional)"
          type="number"
          inputMode="numeric"
          min={1}
          {...form.register("maxFileMiB")}
          error={errors.maxFileMiB?.message}
        />
        <Input
          label="Allowed types (optional)"
          placeholder="images, pdf, docx"
          {...form.register("allowedTypes")}
          error={errors.allowedTypes?.message}
          hint={`Extensions, or kinds: ${Object.keys(REQUEST_KINDS).join(", ")}. Empty: any type.`}
        />
      </fieldset>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create request"}
        </Button>
      </div>
    </form>
  );
}
