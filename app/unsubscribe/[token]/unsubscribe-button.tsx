"use client";
import { useState } from "react";
import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";

type Unsubscribe = (input: { token: string }) => Promise<ActionResult | undefined>;

export function UnsubscribeButton({
  token,
  username,
  label,
  unsubscribe,
}: {
  token: string;
  username: string;
  label: string;
  unsubscribe: Unsubscribe;
}) {
  const [done, setDone] = useState(false);
  return (
    <div className="flex flex-col gap-4 text-sm text-slate-700">
      {done ? (
        <p role="status">
          Done: <strong>{username}</strong> no longer gets mail when “{label}”. Turn it back on in Settings whenever you like.
        </p>
      ) : (
        <>
          <p>
            Stop mail to <strong>{username}</strong> when “{label}”? Other mail, and notices about your account&apos;s security, still come.
          </p>
          <ActionButton
            variant="secondary"
            className="self-start px-4 py-2"
            onDone={() => setDone(true)}
            label="Turn this mail off"
            pendingLabel="Turning off…"
            run={() => unsubscribe({ token })}
          />
        </>
      )}
      <Link className="font-medium text-indigo-700 underline" href="/settings#notifications-heading">
        All mail settings
      </Link>
    </div>
  );
}
