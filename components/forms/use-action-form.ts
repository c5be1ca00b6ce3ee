"use client";
import { useForm, type DefaultValues, type FieldValues, type Resolver, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { applyActionResult } from "./apply-action-result";

/**
 * A react-hook-form form validated by the same zod schema as its server action, submitted to that action:
 * field errors land under their fields (and then no toast repeats them), the outcome in a toast, and `onSuccess` runs after a success.
 */
export function useActionForm<T extends FieldValues, R>(opts: {
  schema: z.ZodType<unknown, T>;
  defaultValues?: DefaultValues<T>;
  /** Values that follow the props (a rename dialog's current name), where defaultValues would go stale. */
  values?: T;
  action: (values: T) => Promise<ActionResult<R> | undefined>;
  onSuccess?: (result: { ok: true; data: R; message?: string }, form: UseFormReturn<T, unknown, T>) => void | Promise<void>;
}) {
  // The form holds the schema's input; the action parses it again on the server, as it must for any caller.
  const resolver = zodResolver(opts.schema as never) as unknown as Resolver<T, unknown, T>;
  const form = useForm<T, unknown, T>({ resolver, defaultValues: opts.defaultValues, values: opts.values });
  const submit = form.handleSubmit(async (values) => {
    const result = await opts.action(values);
    if (applyActionResult(result, form.setError, Object.keys(form.getValues()))) await opts.onSuccess?.(result, form);
  });
  return { form, submit, errors: form.formState.errors, pending: form.formState.isSubmitting };
}
