"use client";
import { useEffect, useState } from "react";
import QRCode from "qrcode";
import { useWatch } from "react-hook-form";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { createLinkSchema, EXPIRY_PRESETS, type CreateLinkInput } from "@/lib/links/schemas";
import type { ActionResult } from "@/lib/actions/action-result";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
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
  const blank: CreateLinkInput = { fileId, label: "", expiry: "7d", expiresOn: "", password: "", maxDownloads: "" };
  const { form, submit, errors, pending } = useActionForm({
    schema: createLinkSchema,
    defaultValues: blank,
    action: createLink,
    onSuccess: (result, form) => {
      // The token is shown once: only its hash is stored.
      setCreated(result.data.url);
      form.reset(blank);
      router.refresh();
    },
  });
  const expiry = useWatch({ control: form.control, name: "expiry" });
  const qrCode = useQrCode(created);

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created);
      toast.success("Link copied to the clipboard.");
    } catch {
      toast.error("Could not copy: select the link and copy it by hand.");
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
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
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create link"}
          </Button>
        </div>
      </form>
      {created ? (
        <div className="flex flex-col gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3" role="status">
          <label htmlFor="created-link" className="text-sm font-medium text-emerald-900">
            New link (shown only once)
          </label>
          <div className="flex flex-wrap gap-2">
            <input
              id="created-link"
              readOnly
              value={created}
              className="min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm"
              onFocus={(e) => e.target.select()}
            />
            <Button variant="secondary" onClick={copy}>
              Copy link
            </Button>
          </div>
          {qrCode ? (
            <figure className="flex flex-col items-start gap-1">
              {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made here; next/image has nothing to optimise */}
              <img
                src={qrCode}
                alt="QR code of the new link"
                width={176}
                height={176}
                className="rounded-md bg-white p-2"
                data-testid="link-qr-code"
              />
              <figcaption className="text-xs text-emerald-900">Scan it with a phone to open the link there.</figcaption>
            </figure>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The link as a QR code (an SVG in a data: URL, which the page CSP allows for images), for handing it to a phone. */
function useQrCode(url: string | null): string | null {
  const [qrCode, setQrCode] = useState<{ url: string; image: string } | null>(null);
  useEffect(() => {
    if (!url) return;
    let current = true;
    QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } })
      .then((svg) => {
        if (current) setQrCode({ url, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [url]);
  return qrCode && qrCode.url === url ? qrCode.image : null;
}
