"use client";
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatBytes } from "@/lib/files/format-bytes";
import { ActionButton } from "@/components/ui/action-button";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { UserRecoveryActions, type RecoveryActions } from "./user-recovery-actions";
import { LocalTime } from "@/components/ui/relative-time";

type AdminUser = {
  id: string;
  username: string;
  email: string | null;
  role: string;
  disabled: boolean;
  /** False for an account an admin created whose owner has not yet chosen a password. */
  passwordSet: boolean;
  twoFactor: boolean;
  storageUsed: number;
  fileCount: number;
  createdAt: string;
};

type UserAction = (input: { userId: string }) => Promise<ActionResult>;

export function UserTable({
  users,
  selfId,
  actions,
}: {
  users: AdminUser[];
  selfId: string;
  actions: { disableUser: UserAction; enableUser: UserAction; deleteUser: UserAction; recovery: RecoveryActions };
}) {
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  return (
    <>
      <Table
        caption="Users"
        rows={users}
        rowKey={(user) => user.id}
        rowProps={() => ({ "data-testid": "admin-user-row" })}
        columns={[
          {
            label: "User",
            card: "title",
            cell: (user) => (
              <>
                <strong>{user.username}</strong> {user.role === "admin" ? <span className="text-xs text-indigo-700">admin</span> : null}
                <div className="text-xs text-slate-600">
                  {user.email ?? "no email"} · since <LocalTime date={user.createdAt} dateOnly />
                </div>
              </>
            ),
          },
          { label: "Files", cell: (user) => user.fileCount },
          { label: "Storage", className: "whitespace-nowrap", cell: (user) => formatBytes(user.storageUsed) },
          { label: "Status", cell: (user) => (user.disabled ? "Disabled" : user.passwordSet ? "Active" : "No password yet") },
          { label: "Two-factor", cell: (user) => <span data-testid="two-factor-status">{user.twoFactor ? "On" : "Off"}</span> },
          {
            label: "Actions",
            hideLabel: true,
            card: "actions",
            cell: (user) =>
              user.id === selfId ? (
                <span className="text-xs text-slate-600">you</span>
              ) : (
                <div className="flex flex-wrap justify-end gap-1 max-sm:justify-start">
                  <UserRecoveryActions user={user} actions={actions.recovery} />
                  {user.disabled ? (
                    <ActionButton
                      run={() => actions.enableUser({ userId: user.id })}
                      label="Enable"
                      pendingLabel="Enabling…"
                      ariaLabel={`Enable ${user.username}`}
                    />
                  ) : (
                    <ActionButton
                      run={() => actions.disableUser({ userId: user.id })}
                      label="Disable"
                      pendingLabel="Disabling…"
                      ariaLabel={`Disable ${user.username}`}
                    />
                  )}
                  <Button
                    variant="ghost"
                    className="px-3 py-1.5 text-red-700"
                    aria-label={`Delete ${user.username}`}
                    onClick={() => setDeleting(user)}
                  >
                    Delete
                  </Button>
                </div>
              ),
          },
        ]}
      />
      <Dialog open={deleting !== null} onClose={() => setDeleting(null)} title="Delete user?">
        <p className="text-sm text-slate-700">
          <strong>{deleting?.username}</strong> and all their files, shares and links will be deleted for good.
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setDeleting(null)} autoFocus>
            Cancel
          </Button>
          {deleting ? (
            <ActionButton
              variant="danger"
              run={async () => {
                const result = await actions.deleteUser({ userId: deleting.id });
                setDeleting(null);
                return result;
              }}
              label="Delete"
              pendingLabel="Deleting…"
            />
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
