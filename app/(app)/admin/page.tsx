import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/admin/list-users";
import { isRegistrationOpen } from "@/lib/admin/registration";
import { listAuditEvents } from "@/lib/admin/list-audit-events";
import { AUDIT_KINDS } from "@/lib/audit";
import { AuditTable } from "@/components/audit-table";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { UserTable } from "./user-table";
import { RegistrationSwitch } from "./registration-switch";
import { deleteUserAction, disableUserAction, enableUserAction, setRegistrationAction } from "./actions";

export const metadata: Metadata = { title: "Admin · Coffer" };

const filterSchema = z.object({
  user: z.string().trim().max(64).optional().catch(undefined),
  kind: z.enum(AUDIT_KINDS).optional().catch(undefined),
});

// Non-admins get the same 404 as for a page that does not exist.
export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  const filter = filterSchema.parse(await searchParams);
  const [users, registrationOpen, events] = await Promise.all([
    listUsers(),
    isRegistrationOpen(),
    listAuditEvents({ username: filter.user || undefined, kind: filter.kind }),
  ]);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">Administration</h1>
      <section aria-labelledby="registration-heading" className="flex flex-col gap-2">
        <h2 id="registration-heading" className="text-lg font-semibold">
          Registration
        </h2>
        <RegistrationSwitch open={registrationOpen} setRegistration={setRegistrationAction} />
      </section>
      <section aria-labelledby="users-heading" className="flex flex-col gap-3">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users
        </h2>
        <UserTable
          users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))}
          selfId={user.id}
          actions={{ disableUser: disableUserAction, enableUser: enableUserAction, deleteUser: deleteUserAction }}
        />
      </section>
      <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit trail
        </h2>
        <form action="/admin" className="flex flex-wrap items-end gap-2">
          <Input id="audit-user" label="User" name="user" defaultValue={filter.user} />
          <Select
            id="audit-kind"
            label="Event"
            name="kind"
            defaultValue={filter.kind ?? ""}
            options={[{ value: "", label: "All events" }, ...AUDIT_KINDS.map((kind) => ({ value: kind, label: kind }))]}
          />
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <AuditTable events={events} showUser />
      </section>
    </div>
  );
}
