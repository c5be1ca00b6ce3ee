"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import { confirmTwoFactorSchema, twoFactorCodeInputSchema, type ConfirmTwoFactorInput, type TwoFactorCodeInput } from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/forms/use-action-form";

type Enrolment = { secret: string; qrCode: string; enrolment: string };
type Codes = { recoveryCodes: string[] };

export type TwoFactorActions = {
  start: () => Promise<ActionResult<Enrolment> | undefined>;
  confirm: (input: ConfirmTwoFactorInput) => Promise<ActionResult<Codes> | undefined>;
  disable: (input: TwoFactorCodeInput) => Promise<ActionResult | undefined>;
  regenerate: (input: TwoFactorCodeInput) => Promise<ActionResult<Codes> | undefined>;
};

/** Two-factor sign-in: set up with a QR code, recovery codes shown once, turned off or renewed with the password and a code. */
export function TwoFactorPanel({
  enabled,
  recoveryCodesLeft,
  actions,
}: {
  enabled: boolean;
  recoveryCodesLeft: number;
  actions: TwoFactorActions;
}) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [starting, setStarting] = useState(false);

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          setEnrolment(null);
          router.refresh();
        }}
      />
    );
  }
  if (enrolment) return <Enrol enrolment={enrolment} confirm={actions.confirm} onEnabled={setCodes} onCancel={() => setEnrolment(null)} />;
  if (enabled) return <Manage recoveryCodesLeft={recoveryCodesLeft} actions={actions} onNewCodes={setCodes} />;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-700">
        Two-factor sign-in is <strong>off</strong>. With it on, signing in asks for your password and a code from an authenticator app on
        your phone, so a stolen password alone is not enough.
      </p>
      <Button
        variant="secondary"
        className="self-start"
        disabled={starting}
        onClick={async () => {
          setStarting(true);
          const result = await actions.start();
          setStarting(false);
          if (!result) return;
          if (!result.ok) return void toastError(result.error);
          setEnrolment(result.data);
        }}
      >
        {starting ? "Preparing…" : "Set up two-factor sign-in"}
      </Button>
    </div>
  );
}

function Enrol({
  enrolment,
  confirm,
  onEnabled,
  onCancel,
}: {
  enrolment: Enrolment;
  confirm: TwoFactorActions["confirm"];
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { form, submit, errors, pending } = useActionForm({
    schema: confirmTwoFactorSchema,
    defaultValues: { enrolment: enrolment.enrolment, password: "", code: "" },
    action: confirm,
    onSuccess: (result) => onEnabled(result.data.recoveryCodes),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Scan this QR code with an authenticator app (or type the key below into it).</li>
        <li>Enter your password and the 6-digit code the app shows to finish.</li>
      </ol>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn on the server; nothing to optimise */}
      <img
        src={enrolment.qrCode}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
        className="rounded border border-slate-200"
      />
      <p className="text-sm">
        Key: {/* In groups of four, as people type it into an app; apps ignore the spaces. */}
        <code className="rounded bg-slate-100 px-1 py-0.5 font-mono" data-testid="two-factor-key">
          {enrolment.secret.match(/.{1,4}/g)!.join(" ")}
        </code>
      </p>
      <input type="hidden" {...form.register("enrolment")} />
      <Input
        label="Your password"
        type="password"
        autoComplete="current-password"
        hint="Turning two-factor on signs out your other sessions."
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Input
        label="Code from the app"
        autoComplete="one-time-code"
        inputMode="numeric"
        spellCheck={false}
        {...form.register("code")}
        error={errors.code?.message}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Checking…" : "Turn on two-factor sign-in"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Manage({
  recoveryCodesLeft,
  actions,
  onNewCodes,
}: {
  recoveryCodesLeft: number;
  actions: TwoFactorActions;
  onNewCodes: (codes: string[]) => void;
}) {
  const router = useRouter();
  const intent = useRef<"disable" | "regenerate">("regenerate");
  const { form, submit, errors, pending } = useActionForm({
    schema: twoFactorCodeInputSchema,
    defaultValues: { password: "", code: "" },
    action: (values: TwoFactorCodeInput) => (intent.current === "disable" ? actions.disable(values) : actions.regenerate(values)),
    onSuccess: (result, form) => {
      form.reset();
      const data = result.data as Codes | undefined;
      if (data?.recoveryCodes) onNewCodes(data.recoveryCodes);
      else router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4">
      <p className="text-sm text-slate-700">
        Two-factor sign-in is <strong>on</strong>.{" "}
        {recoveryCodesLeft === 1 ? "1 recovery code is" : `${recoveryCodesLeft} recovery codes are`} left.
      </p>
      <Input
        label="Your password"
        type="password"
        autoComplete="current-password"
        {...form.register("password")}
        error={errors.password?.message}
      />
      <Input
        label="Current code"
        hint="From your authenticator app, or a recovery code."
        autoComplete="one-time-code"
        spellCheck={false}
        {...form.register("code")}
        error={errors.code?.message}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" disabled={pending} onClick={() => (intent.current = "regenerate")}>
          Make new recovery codes
        </Button>
        <Button type="submit" variant="danger" disabled={pending} onClick={() => (intent.current = "disable")}>
          Turn off two-factor sign-in
        </Button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="flex max-w-md flex-col gap-3" role="region" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" className="font-semibold">
        Your recovery codes
      </h3>
      <p className="text-sm text-slate-700">
        Each code signs you in once if you lose your phone. Save them somewhere safe now: they will not be shown again.
      </p>
      <ol className="grid grid-cols-1 gap-1 rounded-lg bg-slate-100 p-3 font-mono text-sm sm:grid-cols-2" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(codes.join("\n")).then(
              () => toast.success("Recovery codes copied."),
              () => toastError("Copying failed; select the codes and copy them by hand."),
            )
          }
        >
          Copy codes
        </Button>
        <Button type="button" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </div>
  );
}
