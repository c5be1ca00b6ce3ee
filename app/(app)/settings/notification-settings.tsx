"use client";
// Settings → Notifications: one switch per kind (lib/mail/notification-kinds.ts), each saved at once.
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import type { ActionResult } from "@/lib/actions/action-result";

type Setting = { kind: string; label: string; enabled: boolean };

export function NotificationSettings({
  settings,
  canMail,
  setNotification,
}: {
  settings: Setting[];
  /** Mail is on and the account has a confirmed address. */
  canMail: { ok: true } | { ok: false; why: string };
  setNotification: (input: { kind: string; enabled: boolean }) => Promise<ActionResult>;
}) {
  const [current, setCurrent] = useState(settings);
  const [pending, startTransition] = useTransition();
  const show = (kind: string, enabled: boolean) => setCurrent((list) => list.map((s) => (s.kind === kind ? { ...s, enabled } : s)));
  // The switch moves at once (a checkbox that does not change when clicked looks broken) and moves back if saving fails.
  const toggle = (kind: string, enabled: boolean) => {
    show(kind, enabled);
    startTransition(async () => {
      const result = await setNotification({ kind, enabled });
      if (result.ok) toast.success(result.message ?? "Saved.");
      else {
        show(kind, !enabled);
        toastError(result.error);
      }
    });
  };
  return (
    <div className="flex flex-col gap-3">
      {canMail.ok ? null : <p className="text-sm text-slate-700">{canMail.why}</p>}
      <fieldset className="flex flex-col gap-2" disabled={pending}>
        <legend className="mb-1 text-sm text-slate-600">Mail me when:</legend>
        {current.map((setting) => (
          <label key={setting.kind} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={setting.enabled}
              onChange={(event) => toggle(setting.kind, event.target.checked)}
            />
            <span>{setting.label}</span>
          </label>
        ))}
        <p className="mt-2 text-sm text-slate-600">
          Changes to your password, two-factor sign-in or email address are always mailed to you: they cannot be turned off.
        </p>
      </fieldset>
    </div>
  );
}
