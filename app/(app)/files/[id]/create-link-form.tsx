"use client";
import { useState, useSyncExternalStore } from "react";
import { useWatch } from "react-hook-form";
import { useRouter } from "next/navigation";
import { createLinkSchema, EXPIRY_PRESETS, type CreateLinkInput } from "@/lib/links/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { copyLinkUrl, LinkQrCode } from "@/components/links/copy-link";
import { useActionForm } from "@/components/forms/use-action-form";

const EXPIRY_OPTIONS = Object.entries(EXPIRY_PRESETS).map(([value, label]) => ({ value, label }));

export function CreateLinkForm({
  fileId,
  createLink,
}: {
  fileId: string;
  createLink: (input: CreateLinkInput) => Promise<ActionResult<{ path: string; url: string }>>;
}) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const blank: CreateLinkInput = {
    fileId,
    label: "",
    message: "",
    allowPreview: false,
    expiry: "7d",
    expiresOn: "",
    password: "",
    maxDownloads: "",
  };
  const { form, submit, errors, pending } = useActionForm({
    schema: createLinkSchema,
    defaultValues: blank,
    action: createLink,
    onSuccess: (result, form) => {
      setCreated(result.data.url);
      form.reset(blank);
      router.refresh();
    },
  });
  const expiry = useWatch({ control: form.control, name: "expiry" });
  // Until the page's script runs, the form is disabled: a choice made before hydration (the expiry "Never", picked
  // the moment the page appeared) would be reset to the default when react-hook-form takes the fields over.
  const hydrated = useHydrated();

  return (
    <div className="flex flex-col gap-4">
      <form method="post" onSubmit={submit} noValidate>
        <fieldset disabled={!hydrated} className="grid gap-4 sm:grid-cols-2" data-ready={hydrated ? "" : undefined}>
          <Input label="Label (optional)" placeholder="Client review" {...form.register("label")} error={errors.label?.message} />
          <Select id="link-expiry" label="Expires" options={EXPIRY_OPTIONS} {...form.register("expiry")} />
          {expiry === "date" ? (
            <Input label="Expiry date" type="date" {...form.register("expiresOn")} error={errors.expiresOn?.message} />
          ) : null}
          <Input
            label="Password (optional)"
            type="password"
            autoComplete="new-password"
            {...form.register("password")}
            error={errors.password?.message}
          />
          <Input
            label="Download limit (optional)"
            type="number"
            inputMode="numeric"
            min={1}
            {...form.register("maxDownloads")}
            error={errors.maxDownloads?.message}
          />
          <div className="sm:col-span-2">
            <Textarea label="Message for visitors (optional)" rows={2} {...form.register("message")} error={errors.message?.message} />
          </div>
          <label className="flex items-start gap-2 text-sm sm:col-span-2">
            <input type="checkbox" className="mt-1 size-4" {...form.register("allowPreview")} aria-describedby="allow-preview-hint" />
            <span>
              Allow previews even with a download limit
              <span id="allow-preview-hint" className="block text-xs text-slate-600">
                Images and text can be looked at on the link&apos;s page; a preview never counts as a download.
              </span>
            </span>
          </label>
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create link"}
            </Button>
          </div>
        </fieldset>
      </form>
      {created ? (
        <div className="flex flex-col gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3" role="status">
          <LinkQrCode url={created} label="New link" />
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => copyLinkUrl(created)}>
              Copy link
            </Button>
          </div>
          <p className="text-xs text-emerald-900">You can copy it again at any time from the list of links below.</p>
        </div>
      ) : null}
    </div>
  );
}

const noSubscription = () => () => {};
/** False while the server's HTML is all there is, true once React runs in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
