"use client";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { createLinkSchema, EXPIRY_PRESETS, type CreateLinkInput } from "@/lib/links/schemas";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { applyActionResult } from "@/components/forms/apply-action-result";
import { createLinkAction } from "@/app/(app)/files/[id]/actions";

export function CreateLinkForm({ fileId }: { fileId: string }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm<CreateLinkInput>({
    resolver: zodResolver(createLinkSchema),
    defaultValues: { fileId, label: "", expiry: "7d", expiresOn: "", password: "", maxDownloads: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const expiry = useWatch({ control: form.control, name: "expiry" });

  const onSubmit = form.handleSubmit(async (values) => {
    const result = await createLinkAction(values);
    if (applyActionResult(result, form.setError) && result?.ok) {
      setCreated(`${window.location.origin}${(result.data as { path: string }).path}`);
      form.reset({ fileId, label: "", expiry: "7d", expiresOn: "", password: "", maxDownloads: "" });
      router.refresh();
    }
  });

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
      <form method="post" onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2">
        <Field label="Label (optional)" placeholder="Client review" {...form.register("label")} error={errors.label?.message} />
        <div className="flex flex-col gap-1">
          <label htmlFor="link-expiry" className="text-sm font-medium text-slate-800">
            Expires
          </label>
          <select id="link-expiry" className="rounded-md border border-slate-300 bg-white px-3 py-2" {...form.register("expiry")}>
            {Object.entries(EXPIRY_PRESETS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {expiry === "date" ? (
          <Field label="Expiry date" type="date" {...form.register("expiresOn")} error={errors.expiresOn?.message} />
        ) : null}
        <Field
          label="Password (optional)"
          type="password"
          autoComplete="new-password"
          {...form.register("password")}
          error={errors.password?.message}
        />
        <Field
          label="Download limit (optional)"
          type="number"
          inputMode="numeric"
          min={1}
          {...form.register("maxDownloads")}
          error={errors.maxDownloads?.message}
        />
        <div className="sm:col-span-2">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Creating…" : "Create link"}
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
        </div>
      ) : null}
    </div>
  );
}
