"use client";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import { editRequestMessageSchema, type EditRequestMessageInput } from "@/lib/requests/schemas";
import type { RequestStatus } from "@/lib/requests/list-owner-requests";
import { describeTypes } from "@/lib/requests/limits";
import { formatBytes } from "@/lib/files/format-bytes";
import { CopyLink } from "@/components/links/copy-link";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/relative-time";
import { Table } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/components/forms/use-action-form";

export type RequestRow = {
  id: string;
  label: string;
  message: string | null;
  status: RequestStatus;
  hasPassword: boolean;
  expiresAt: string;
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number | null;
  allowedTypes: string | null;
  receivedFiles: number;
  receivedBytes: number;
  url: string | null;
};

export type RequestActions = {
  closeRequest: (input: { requestId: string }) => Promise<ActionResult>;
  reopenRequest: (input: { requestId: string }) => Promise<ActionResult>;
  editMessage: (input: EditRequestMessageInput) => Promise<ActionResult>;
};

const STYLES: Record<RequestStatus, string> = {
  open: "border-emerald-300 bg-emerald-50 text-emerald-900",
  full: "border-slate-300 bg-slate-100 text-slate-800",
  expired: "border-amber-300 bg-amber-50 text-amber-900",
  closed: "border-red-300 bg-red-50 text-red-900",
};

const files = (n: number) => (n === 1 ? "1 file" : `${n} files`);

function limitsOf(request: RequestRow): string {
  return [
    `${files(request.maxFiles)}, ${formatBytes(request.maxTotalBytes)}`,
    request.maxFileBytes !== null ? `each ≤ ${formatBytes(request.maxFileBytes)}` : null,
    request.allowedTypes ? `only ${describeTypes(request.allowedTypes)}` : null,
    request.hasPassword ? "password" : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The owner's file requests: what arrived through each, its link while it is open, its message, closing and reopening. */
export function RequestsTable({ requests, actions }: { requests: RequestRow[]; actions: RequestActions }) {
  const [editing, setEditing] = useState<RequestRow | null>(null);
  return (
    <>
      <Table
        caption="My file requests"
        rows={requests}
        rowKey={(request) => request.id}
        rowProps={() => ({ "data-testid": "my-request-row" })}
        columns={[
          { label: "Request", card: "title", cell: (request) => <span className="break-words font-medium">{request.label}</span> },
          {
            label: "Status",
            cell: (request) => (
              <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${STYLES[request.status]}`}>
                {request.status}
              </span>
            ),
          },
          {
            label: "Received",
            className: "whitespace-nowrap",
            cell: (request) =>
              request.receivedFiles === 0 ? (
                "Nothing yet"
              ) : (
                <Link href={`/dashboard?request=${request.id}`} className="text-indigo-700 hover:underline">
                  {files(request.receivedFiles)}, {formatBytes(request.receivedBytes)}
                </Link>
              ),
          },
          { label: "Limits", cell: (request) => <span className="text-slate-700">{limitsOf(request)}</span> },
          {
            label: "Open until",
            className: "whitespace-nowrap",
            cell: (request) => <LocalTime date={request.expiresAt} />,
          },
          {
            label: "Actions",
            hideLabel: true,
            card: "actions",
            cell: (request) => (
              <div className="flex flex-wrap items-center justify-end gap-1 max-sm:justify-start">
                {request.url ? <CopyLink url={request.url} name={request.label} /> : null}
                <Button
                  variant="ghost"
                  className="px-3 py-1.5"
                  aria-label={`Edit the message of ${request.label}`}
                  onClick={() => setEditing(request)}
                >
                  Edit message
                </Button>
                {request.status === "closed" ? (
                  <ActionButton
                    label="Reopen"
                    ariaLabel={`Reopen request ${request.label}`}
                    pendingLabel="Reopening…"
                    run={() => actions.reopenRequest({ requestId: request.id })}
                  />
                ) : (
                  <ConfirmActionButton
                    label="Close"
                    ariaLabel={`Close request ${request.label}`}
                    title={`Close the request ${request.label}?`}
                    confirmLabel="Close request"
                    pendingLabel="Closing…"
                    run={() => actions.closeRequest({ requestId: request.id })}
                  >
                    <span className="break-words">
                      Nobody can send files through it any more, uploads under way included. What arrived stays. You can reopen it later.
                    </span>
                  </ConfirmActionButton>
                )}
              </div>
            ),
          },
        ]}
      />
      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing ? `Message of ${editing.label}` : "Message"}>
        {editing ? <EditMessageForm request={editing} editMessage={actions.editMessage} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </>
  );
}

function EditMessageForm({
  request,
  editMessage,
  onDone,
}: {
  request: RequestRow;
  editMessage: RequestActions["editMessage"];
  onDone: () => void;
}) {
  const router = useRouter();
  const { form, submit, errors, pending } = useActionForm({
    schema: editRequestMessageSchema,
    defaultValues: { requestId: request.id, message: request.message ?? "" },
    action: editMessage,
    onSuccess: () => {
      onDone();
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Textarea
        label="Message for the sender"
        rows={4}
        autoFocus
        {...form.register("message")}
        error={errors.message?.message}
        hint="Empty: no message."
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save message"}
        </Button>
      </div>
    </form>
  );
}
