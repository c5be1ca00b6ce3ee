"use client";
import { useState } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions/action-result";
import { createTokenSchema, type CreateTokenInput } from "@/lib/api-tokens/schemas";
import { DEFAULT_TOKEN_LIFETIME_DAYS, SCOPES, SCOPE_NAMES, TOKEN_LIFETIMES, type Scope } from "@/lib/api-tokens/scopes";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { LocalTime } from "@/components/ui/relative-time";
import { toastError } from "@/components/ui/toast-error";

export type TokenRow = {
  id: string;
  name: string;
  hint: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedNetwork: string | null;
  status: "active" | "expired" | "revoked";
};

const LIFETIME_OPTIONS = TOKEN_LIFETIMES.map((days) =>
  days === null ? { value: "never", label: "Never (not recommended)" } : { value: String(days), label: `In ${days} days` },
);

/** Settings → API tokens: make one (shown once), see each one's use, revoke. */
export function ApiTokensPanel({
  tokens,
  createToken,
  revokeToken,
}: {
  tokens: TokenRow[];
  createToken: (input: CreateTokenInput) => Promise<ActionResult<{ token: string }>>;
  revokeToken: (input: { tokenId: string }) => Promise<ActionResult | undefined>;
}) {
  const [created, setCreated] = useState<string | null>(null);
  const { form, submit, errors, pending } = useActionForm({
    schema: createTokenSchema,
    defaultValues: { name: "", scopes: ["files:read"], lifetime: String(DEFAULT_TOKEN_LIFETIME_DAYS) },
    action: createToken,
    onSuccess: (result, form) => {
      setCreated(result.data.token);
      form.reset();
    },
  });
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created);
      toast.success("Token copied.");
    } catch {
      toastError("Copying failed: select the token and copy it yourself.");
    }
  };
  const active = tokens.filter((token) => token.status === "active");
  const ended = tokens.filter((token) => token.status !== "active");
  return (
    <div className="flex flex-col gap-6">
      {created ? (
        <div role="status" className="flex max-w-xl flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="font-medium">Copy your new token now. It will not be shown again.</p>
          <div className="flex flex-wrap gap-2">
            <input
              readOnly
              autoFocus
              aria-label="New token"
              value={created}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
            />
            <Button type="button" onClick={copy}>
              Copy
            </Button>
            <Button type="button" variant="secondary" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
          <p className="text-sm text-slate-700">
            Send it as <code className="font-mono">Authorization: Bearer …</code>. Anyone who has it can do what its scopes allow.
          </p>
        </div>
      ) : null}

      <form method="post" onSubmit={submit} noValidate className="flex max-w-xl flex-col gap-4" aria-label="New API token">
        <Input
          label="Name"
          hint="What will use it: a backup script, ShareX on the desktop…"
          {...form.register("name")}
          error={errors.name?.message}
        />
        <fieldset className="flex flex-col gap-2" aria-describedby={errors.scopes ? "token-scopes-error" : undefined}>
          <legend className="mb-1 text-sm font-medium">Scopes</legend>
          {SCOPE_NAMES.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input type="checkbox" value={scope} className="mt-1 size-4" {...form.register("scopes")} />
              <span>
                <code className="font-mono">{scope}</code> — {SCOPES[scope]}
              </span>
            </label>
          ))}
          {errors.scopes ? (
            <p id="token-scopes-error" role="alert" className="text-sm text-red-700">
              {errors.scopes.message ?? errors.scopes.root?.message}
            </p>
          ) : null}
        </fieldset>
        <Select label="Expires" options={LIFETIME_OPTIONS} {...form.register("lifetime")} error={errors.lifetime?.message} />
        <Button type="submit" disabled={pending} className="self-start">
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>

      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">You have no API tokens. Scripts, ShareX and the command-line client need one.</p>
      ) : (
        <ul aria-label="API tokens" className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200">
          {[...active, ...ended].map((token) => (
            <li key={token.id} data-testid="token-row" className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {token.name} <code className="font-mono text-sm text-slate-600">coffer_pat_{token.hint}…</code>
                  {token.status !== "active" ? (
                    <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">
                      {token.status === "revoked" ? "Revoked" : "Expired"}
                    </span>
                  ) : token.expiresAt === null ? (
                    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">Never expires</span>
                  ) : null}
                </p>
                <p className="text-sm text-slate-600">
                  {token.scopes.join(", ")} · created <LocalTime date={token.createdAt} />
                  {token.expiresAt ? (
                    <>
                      {" "}
                      · {token.status === "expired" ? "expired" : "expires"} <LocalTime date={token.expiresAt} />
                    </>
                  ) : null}{" "}
                  ·{" "}
                  {token.lastUsedAt ? (
                    <>
                      last used <LocalTime date={token.lastUsedAt} />
                      {token.lastUsedNetwork ? ` from ${token.lastUsedNetwork}` : ""}
                    </>
                  ) : (
                    "never used"
                  )}
                </p>
              </div>
              {token.status === "active" ? (
                <ConfirmActionButton
                  label="Revoke"
                  ariaLabel={`Revoke the token ${token.name}`}
                  title={`Revoke ${token.name}?`}
                  confirmLabel="Revoke token"
                  pendingLabel="Revoking…"
                  run={() => revokeToken({ tokenId: token.id })}
                >
                  Anything that uses this token is refused from now on. This cannot be undone.
                </ConfirmActionButton>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
