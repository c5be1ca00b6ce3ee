"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionButton } from "@/components/ui/action-button";
import { useFragmentToken } from "@/components/forms/use-fragment-token";

type Confirmation = { username: string; email: string };
type Inspect = (input: { token: string }) => Promise<ActionResult<Confirmation> | undefined>;
type Confirm = (input: { token: string }) => Promise<ActionResult<{ email: string }> | undefined>;

export function ConfirmEmailForm({ inspect, confirm }: { inspect: Inspect; confirm: Confirm }) {
  const token = useFragmentToken();
  const [state, setState] = useState<Confirmation | { error: string } | { done: string } | null>(null);
  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setState({ error: "This page needs the link from your mail: open it from there, whole." });
      return;
    }
    void inspect({ token }).then((result) => setState(result?.ok ? result.data : { error: result?.error ?? "Something went wrong." }));
  }, [token, inspect]);

  if (!state) return <p className="text-sm text-slate-700">Checking the link…</p>;
  if ("error" in state || "done" in state) {
    return (
      <div className="flex flex-col gap-4 text-sm text-slate-700">
        <p role={"error" in state ? "alert" : "status"}>
          {"error" in state ? state.error : `${state.done} is confirmed: mail for your account goes there now.`}
        </p>
        <Link className="font-medium text-indigo-700 underline" href="/settings">
          Go to Settings
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4 text-sm text-slate-700">
      <p>
        Confirm that <strong>{state.email}</strong> is the email address of the Coffer account <strong>{state.username}</strong>.
      </p>
      <ActionButton
        variant="secondary"
        className="self-start px-4 py-2"
        onDone={() => {}}
        label="Confirm this address"
        pendingLabel="Confirming…"
        run={async () => {
          const result = await confirm({ token: token! });
          if (result?.ok) setState({ done: result.data.email });
          else if (result) setState({ error: result.error });
          return result;
        }}
      />
    </div>
  );
}
