"use client";
import { useState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/files/format-bytes";
import { deleteUserAction, disableUserAction, enableUserAction } from "@/app/(app)/admin/actions";

type AdminUser = {
  id: string;
  username: string;
  email: string | null;
  role: string;
  disabled: boolean;
  storageUsed: number;
  fileCount: number;
  createdAt: string;
};

export function UserTable({ users, selfId }: { users: AdminUser[]; selfId: string }) {
  const [deleting, setDeleting] = useState<AdminUser | null>(null);
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              User
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Files
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Storage
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-t border-slate-100" data-testid="admin-user-row">
              <td className="px-3 py-2">
                <strong>{user.username}</strong> {user.role === "admin" ? <span className="text-xs text-indigo-700">admin</span> : null}
                <div className="text-xs text-slate-500">
                  {user.email ?? "no email"} · since {user.createdAt.slice(0, 10)}
                </div>
              </td>
              <td className="px-3 py-2">{user.fileCount}</td>
              <td className="whitespace-nowrap px-3 py-2">{formatBytes(user.storageUsed)}</td>
              <td className="px-3 py-2">{user.disabled ? "Disabled" : "Active"}</td>
              <td className="px-3 py-2">
                {user.id === selfId ? (
                  <span className="text-xs text-slate-500">you</span>
                ) : (
                  <div className="flex flex-wrap justify-end gap-1">
                    {user.disabled ? (
                      <ActionButton
                        run={() => enableUserAction({ userId: user.id })}
                        label="Enable"
                        pendingLabel="Enabling…"
                        ariaLabel={`Enable ${user.username}`}
                      />
                    ) : (
                      <ActionButton
                        run={() => disableUserAction({ userId: user.id })}
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
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
                const r = await deleteUserAction({ userId: deleting.id });
                setDeleting(null);
                return r;
              }}
              label="Delete"
              pendingLabel="Deleting…"
            />
          ) : null}
        </div>
      </Dialog>
    </div>
  );
}
