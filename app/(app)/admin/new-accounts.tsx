"use client";
// On the admin page: create an account for someone (they choose their own password with a one-time link, shown here
// once to hand over), and invitation links (single use, expiring) with the list of open ones, each withdrawable.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import type { ActionResult } from "@/lib/actions/action-result";
import { createInvitationSchema, createUserSchema, type CreateInvitationInput, type CreateUserInput } from "@/lib/admin/account-schemas";
import { INVITATION_DAYS, INVITATION_DAYS_DEFAULT } from "@/lib/account-tokens/purposes";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/relative-time";

type Made = { url: string; expiresAt: string };
export type NewAccountActions = {
  createUser: (input: CreateUserInput) => Promise<ActionResult<Made & { username: string }>>;
  createInvitation: (input: CreateInvitationInput) => Promise<ActionResult<Made & { name: string }>>;
  revokeInvitation: (input: { invitationId: string }) => Promise<ActionResult>;
};
export type OpenInvitation = { id: string; name: string; createdBy: string; createdAt: string; expiresAt: string };

/** The link shown once, to copy and hand over. */
type Shown = { title: string; label: string; text: string; url: string; expiresAt: string };

export function CreateUserForm({ createUser }: { createUser: NewAccountActions["createUser"] }) {
  const router = useRouter();
  const [shown, setShown] = useState<Shown | null>(null);
  const { form, submit, errors, pending } = useActionForm({
    schema: createUserSchema,
    defaultValues: { username: "", email: "" },
    action: createUser,
    onSuccess: (result, f) => {
      f.reset();
      setShown({
        title: `Password link for ${result.data.username}`,
        label: "Set-password link",
        text: `Give this link to ${result.data.username} yourself. With it they choose their password; until then the account cannot sign in. It works once and is shown only now.`,
        url: result.data.url,
        expiresAt: result.data.expiresAt,
      });
      router.refresh();
    },
  });
  return (
    <>
      <form method="post" onSubmit={submit} noValidate aria-label="Create a user" className="flex flex-wrap items-start gap-3">
        <Input
          label="Username"
          autoComplete="off"
          hint="3–32 characters: a–z, 0–9, _ . -"
          {...form.register("username")}
          error={errors.username?.message}
        />
        <Input label="Email (optional)" type="email" autoComplete="off" {...form.register("email")} error={errors.email?.message} />
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Creating…" : "Create user"}
        </Button>
      </form>
      <ShownLink shown={shown} onClose={() => setShown(null)} />
    </>
  );
}

export function Invitations({
  invitations,
  actions,
}: {
  invitations: OpenInvitation[];
  actions: Pick<NewAccountActions, "createInvitation" | "revokeInvitation">;
}) {
  const router = useRouter();
  const [shown, setShown] = useState<Shown | null>(null);
  const { form, submit, errors, pending } = useActionForm({
    schema: createInvitationSchema,
    defaultValues: { days: INVITATION_DAYS_DEFAULT },
    action: actions.createInvitation,
    onSuccess: (result) => {
      setShown({
        title: `Invitation ${result.data.name}`,
        label: "Invitation link",
        text: "Whoever opens this link can create one account, even while registration is closed. Send it only to the person you invite. It works once and is shown only now.",
        url: result.data.url,
        expiresAt: result.data.expiresAt,
      });
      router.refresh();
    },
  });
  return (
    <>
      <form method="post" onSubmit={submit} noValidate aria-label="Make an invitation" className="flex flex-wrap items-start gap-3">
        <Select
          label="Works for"
          options={INVITATION_DAYS.map((d) => ({ value: String(d), label: d === 1 ? "1 day" : `${d} days` }))}
          {...form.register("days")}
          error={errors.days?.message}
        />
        <Button type="submit" variant="secondary" disabled={pending} className="sm:mt-6">
          {pending ? "Making…" : "Make an invitation link"}
        </Button>
      </form>
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">No open invitations.</p>
      ) : (
        <Table
          caption="Open invitations"
          rows={invitations}
          rowKey={(i) => i.id}
          rowProps={() => ({ "data-testid": "invitation-row" })}
          columns={[
            { label: "Invitation", card: "title", cell: (i) => <strong>{i.name}</strong> },
            { label: "Made by", cell: (i) => i.createdBy },
            { label: "Made", cell: (i) => <LocalTime date={i.createdAt} /> },
            { label: "Works until", cell: (i) => <LocalTime date={i.expiresAt} /> },
            {
              label: "Actions",
              hideLabel: true,
              card: "actions",
              cell: (i) => (
                <ConfirmActionButton
                  label="Withdraw"
                  ariaLabel={`Withdraw the invitation ${i.name}`}
                  title={`Withdraw the invitation ${i.name}?`}
                  confirmLabel="Withdraw"
                  pendingLabel="Withdrawing…"
                  run={() => actions.revokeInvitation({ invitationId: i.id })}
                >
                  Its link stops working at once; nobody can register with it.
                </ConfirmActionButton>
              ),
            },
          ]}
        />
      )}
      <ShownLink shown={shown} onClose={() => setShown(null)} />
    </>
  );
}

function ShownLink({ shown, onClose }: { shown: Shown | null; onClose: () => void }) {
  return (
    <Dialog open={shown !== null} onClose={onClose} title={shown?.title ?? ""}>
      <p className="text-sm text-slate-700">
        {shown?.text} It works until {shown ? <LocalTime date={shown.expiresAt} /> : ""}.
      </p>
      <input
        aria-label={shown?.label ?? "Link"}
        readOnly
        value={shown?.url ?? ""}
        className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="flex justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(shown?.url ?? "").then(
              () => toast.success("Link copied to the clipboard."),
              () => toastError("Could not copy: select the link and copy it by hand."),
            )
          }
        >
          Copy
        </Button>
        <Button onClick={onClose} autoFocus>
          Done
        </Button>
      </div>
    </Dialog>
  );
}
