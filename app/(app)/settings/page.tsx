import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/admin/list-audit-events";
import { AuditTable } from "@/components/audit-table";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutEverywhere } from "./sign-out-everywhere";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Settings · Coffer" };

export default async function SettingsPage() {
  const user = await requireUser();
  const events = await listAuditEvents({ userId: user.id, take: 50 });
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="password-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="password-heading" className="mb-4 text-lg font-semibold">
          Change password
        </h2>
        <ChangePasswordForm changePassword={changePasswordAction} />
      </section>
      <section aria-labelledby="sessions-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="sessions-heading" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Signed in as {user.username}. Signing out everywhere ends every session of this account, this one included.
        </p>
        <SignOutEverywhere signOutEverywhere={signOutEverywhereAction.bind(null, {})} />
      </section>
      <section aria-labelledby="account-activity-heading" className="flex flex-col gap-3">
        <h2 id="account-activity-heading" className="text-lg font-semibold">
          Account activity
        </h2>
        <AuditTable events={events} showUser={false} />
      </section>
    </div>
  );
}
