"use client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * Puts an action's field errors under their fields and its outcome in a toast, never both: when a field of the form
 * shows the error, no toast repeats it; an error no field shows (a refused action, a field the form does not have)
 * goes in a toast. Returns whether it succeeded.
 */
export function applyActionResult<T extends FieldValues, R>(
  result: ActionResult<R> | undefined,
  setError: UseFormSetError<T>,
  formFields: readonly string[],
): result is { ok: true; data: R; message?: string } {
  if (!result) return false; // the action redirected
  if (result.ok) {
    if (result.message) toast.success(result.message);
    return true;
  }
  let shownInline = false;
  for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
    if (!messages?.[0] || !formFields.includes(field)) continue;
    setError(field as Path<T>, { type: "server", message: messages[0] });
    shownInline = true;
  }
  if (!shownInline) toastError(result.error);
  return false;
}
