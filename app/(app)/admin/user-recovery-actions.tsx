"use client";
// For one user on the admin page: make a one-time password reset link (shown once, to hand over) and, for a user who
// lost their authenticator, turn two-factor sign-in off. Both are audited and the user is told.
import { useState } from "react";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/relative-time";

type UserAction<T = undefined> = (input: { userId: string }) => Promise<ActionResult<T>>;

export type RecoveryActions = {
  issueResetLink: UserAction<{ url: string; expiresAt: string }>;
  resetTwoFactor: UserAction;
};

export function UserRecoveryActions({
  user,
  actions,
}: {
  user: { id: string; username: string; twoFactor: boolean; disabled: boolean };
  actions: RecoveryActions;
}) {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [confirmingTwoFactor, setConfirmingTwoFactor] = useState(false);
  return (
    <>
      {user.disabled ? null : (
        <ActionButton
          label="Reset link"
          pendingLabel="Making…"
          ariaLabel={`Make a password reset link for ${user.username}`}
          onDone={() => {}}
          run={async () => {
            const result = await actions.issueResetLink({ userId: user.id });
            if (result.ok) setLink(result.data);
            return result;
          }}
        />
      )}
      {user.twoFactor ? (
        <Button
          variant="ghost"
          className="px-3 py-1.5"
          aria-label={`Turn off two-factor sign-in for ${user.username}`}
          onClick={() => setConfirmingTwoFactor(true)}
        >
          Reset two-factor
        </Button>
      ) : null}
      <Dialog open={link !== null} onClose={() => setLink(null)} title={`Reset link for ${user.username}`}>
        <p className="text-sm text-slate-700">
          Give this link to {user.username} yourself (not by a channel others read). It works once, until{" "}
          {link ? <LocalTime date={link.expiresAt} /> : ""}, and is shown only now. {user.username} chooses the new password; you never see
          it. Two-factor sign-in, if on, is still asked.
        </p>
        <input
          aria-label="Reset link"
          readOnly
          value={link?.url ?? ""}
          className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <div className="flex justify-end gap-2">
          <Button
            variant="secondary"
            onClick={() =>
              navigator.clipboard.writeText(link?.url ?? "").then(
                () => toast.success("Reset link copied to the clipboard."),
                () => toastError("Could not copy: select the link and copy it by hand."),
              )
            }
          >
            Copy
          </Button>
          <Button onClick={() => setLink(null)} autoFocus>
            Done
          </Button>
        </div>
      </Dialog>
      <Dialog open={confirmingTwoFactor} onClose={() => setConfirmingTwoFactor(false)} title="Turn off two-factor sign-in?">
        <p className="text-sm text-slate-700">
          For a user who lost their authenticator and recovery codes. <strong>{user.username}</strong> is signed out everywhere, can sign in
          with the password alone, and is told by mail and in their account&apos;s activity. Confirm who is asking before you do this.
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmingTwoFactor(false)} autoFocus>
            Cancel
          </Button>
          <ActionButton
            variant="danger"
            label="Turn it off"
            pendingLabel="Turning off…"
            run={async () => {
              const result = await actions.resetTwoFactor({ userId: user.id });
              setConfirmingTwoFactor(false);
              return result;
            }}
          />
        </div>
      </Dialog>
    </>
  );
}
