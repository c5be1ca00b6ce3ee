import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/admin/list-users";
import { isRegistrationOpen } from "@/lib/auth/registration";
import { ADMIN_NEEDS_TWO_FACTOR, adminAccessAllowed, isAdminTwoFactorRequired } from "@/lib/admin/admin-two-factor";
import { listAuditEvents } from "@/lib/admin/list-audit-events";
import { AUDIT_KINDS } from "@/lib/audit";
import { AUDIT_CATEGORIES } from "@/lib/admin/audit-categories";
import { auditFilterSchema as filterSchema } from "@/lib/admin/audit-filter";
import { Pager } from "@/components/ui/pager";
import { AppUrlNotice } from "@/components/address-notices";
import { env } from "@/lib/env";
import { AuditTable } from "@/components/audit-table";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { UserTable } from "./user-table";
import { RegistrationSwitch } from "./registration-switch";
import { AdminTwoFactorSwitch } from "./admin-two-factor-switch";
import { MailStatusPanel } from "./mail-status-panel";
import { issueResetLinkAction, resetTwoFactorAction } from "./recovery-actions";
import { readMailStatus } from "@/lib/outbox/mail-status";
import { listOpenInvitations } from "@/lib/admin/invitations";
import { CreateUserForm, Invitations } from "./new-accounts";
import { createInvitationAction, createUserAction, revokeInvitationAction } from "./account-actions";
import {
  deleteUserAction,
  disableUserAction,
  enableUserAction,
  setAdminTwoFactorAction,
  setFileRequestsAction,
  setRegistrationAction,
} from "./actions";
import { FileRequestsSwitch } from "./file-requests-switch";
import { fileRequestsEnabled } from "@/lib/requests/requests-enabled";

export const metadata: Metadata = { title: "Admin · Coffer" };

// Non-admins get the same 404 as for a page that does not exist.
export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  if (!(await adminAccessAllowed(user))) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">Administration</h1>
        <p className="max-w-prose">{ADMIN_NEEDS_TWO_FACTOR}</p>
        <Link href="/settings" className="self-start font-medium text-indigo-700 underline">
          Go to Settings
        </Link>
      </div>
    );
  }
  const filter = filterSchema.parse(await searchParams);
  const [users, registrationOpen, adminTwoFactor, { events, nextCursor }, mailStatus, invitations, requestsOn] = await Promise.all([
    listUsers(),
    isRegistrationOpen(),
    isAdminTwoFactorRequired(),
    listAuditEvents({
      viewerId: user.id,
      username: filter.user || undefined,
      category: filter.category,
      kind: filter.kind,
      cursor: filter.cursor,
    }),
    readMailStatus(),
    listOpenInvitations(),
    fileRequestsEnabled(),
  ]);
  const filters = new URLSearchParams(
    Object.entries({ user: filter.user, category: filter.category, kind: filter.kind }).filter((entry): entry is [string, string] =>
      Boolean(entry[1]),
    ),
  );
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">Administration</h1>
      <AppUrlNotice appUrl={env().APP_URL} />
      <section aria-labelledby="registration-heading" className="flex flex-col gap-2">
        <h2 id="registration-heading" className="text-lg font-semibold">
          Registration
        </h2>
        <RegistrationSwitch open={registrationOpen} setRegistration={setRegistrationAction} />
      </section>
      <section aria-labelledby="admin-two-factor-heading" className="flex flex-col gap-2">
        <h2 id="admin-two-factor-heading" className="text-lg font-semibold">
          Two-factor sign-in for administrators
        </h2>
        <AdminTwoFactorSwitch required={adminTwoFactor} setRequired={setAdminTwoFactorAction} />
      </section>
      <section aria-labelledby="file-requests-heading" className="flex flex-col gap-2">
        <h2 id="file-requests-heading" className="text-lg font-semibold">
          File requests
        </h2>
        <FileRequestsSwitch enabled={requestsOn} setEnabled={setFileRequestsAction} />
      </section>
      <section aria-labelledby="mail-heading" className="flex flex-col gap-2">
        <h2 id="mail-heading" className="text-lg font-semibold">
          Mail
        </h2>
        <MailStatusPanel status={mailStatus} />
      </section>
      <section aria-labelledby="new-user-heading" className="flex flex-col gap-3">
        <h2 id="new-user-heading" className="text-lg font-semibold">
          Create a user
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          The account gets no password: you are shown a one-time link (7 days) with which its owner chooses one.
        </p>
        <CreateUserForm createUser={createUserAction} />
      </section>
      <section aria-labelledby="invitations-heading" className="flex flex-col gap-3">
        <h2 id="invitations-heading" className="text-lg font-semibold">
          Invitations
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          An invitation link lets one person create their own account{registrationOpen ? "" : ", even while registration is closed"}. It
          works once, until it expires or you withdraw it.
        </p>
        <Invitations
          invitations={invitations}
          actions={{ createInvitation: createInvitationAction, revokeInvitation: revokeInvitationAction }}
        />
      </section>
      <section aria-labelledby="users-heading" className="flex flex-col gap-3">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users
        </h2>
        <UserTable
          users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))}
          selfId={user.id}
          actions={{
            disableUser: disableUserAction,
            enableUser: enableUserAction,
            deleteUser: deleteUserAction,
            recovery: { issueResetLink: issueResetLinkAction, resetTwoFactor: resetTwoFactorAction },
          }}
        />
      </section>
      <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit trail
        </h2>
        <form action="/admin" className="flex flex-wrap items-end gap-2">
          <Input id="audit-user" label="User" name="user" defaultValue={filter.user} data-shortcut="search" />
          <Select
            id="audit-category"
            label="Kind"
            name="category"
            defaultValue={filter.category ?? ""}
            options={[{ value: "", label: "All kinds" }, ...Object.entries(AUDIT_CATEGORIES).map(([value, label]) => ({ value, label }))]}
          />
          <Select
            id="audit-kind"
            label="Event code"
            name="kind"
            defaultValue={filter.kind ?? ""}
            options={[{ value: "", label: "All events" }, ...AUDIT_KINDS.map((kind) => ({ value: kind, label: kind }))]}
          />
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <AuditTable events={events} forAdmin />
        <Pager label="Audit trail pages" path="/admin" base={filters} cursor={filter.cursor} nextCursor={nextCursor} />
      </section>
    </div>
  );
}
