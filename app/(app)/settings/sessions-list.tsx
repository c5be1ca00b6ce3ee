"use client";
import type { ActionResult } from "@/lib/actions/action-result";
import { formatDateTime } from "@/lib/format-date-time";
import { ActionButton } from "@/components/ui/action-button";
import { LocalTime } from "@/components/ui/relative-time";

export type SessionRow = {
  id: string;
  browser: string;
  os: string;
  address: string | null;
  signedInAt: string;
  lastActiveAt: string;
  current: boolean;
  secondFactor: boolean;
};

/** The account's sessions, this one first, each with its own "Sign out"; a list (not a table) so it fits a phone. */
export function SessionsList({
  sessions,
  signOutSession,
  signOutOthers,
}: {
  sessions: SessionRow[];
  signOutSession: (input: { sessionId: string }) => Promise<ActionResult | undefined>;
  signOutOthers: () => Promise<ActionResult | undefined>;
}) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Signed-in sessions">
        {sessions.map((session) => (
          <li key={session.id} data-testid="session-row" className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {session.browser} on {session.os}
                {session.current ? (
                  <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800">This device</span>
                ) : null}
              </p>
              <p className="text-sm text-slate-600">
                {session.address ? `From ${session.address} · ` : ""}signed in <LocalTime date={session.signedInAt} />{" "}
                {session.secondFactor ? "with a password and a code" : "with a password"} · last active{" "}
                <LocalTime date={session.lastActiveAt} />
              </p>
            </div>
            {session.current ? null : (
              <ActionButton
                variant="secondary"
                run={() => signOutSession({ sessionId: session.id })}
                label="Sign out"
                pendingLabel="Signing out…"
                ariaLabel={`Sign out ${session.browser} on ${session.os}, signed in ${formatDateTime(session.signedInAt)}`}
              />
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <ActionButton
          variant="secondary"
          className="self-start px-4 py-2"
          run={signOutOthers}
          label="Sign out everywhere else"
          pendingLabel="Signing out…"
        />
      ) : (
        <p className="text-sm text-slate-600">No other device is signed in to this account.</p>
      )}
    </div>
  );
}
