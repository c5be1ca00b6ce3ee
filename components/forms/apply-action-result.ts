"use client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions/action-result";

/** Puts an action's field errors under their fields and its outcome in a toast. Returns whether it succeeded. */
export function applyActionResult<T extends FieldValues, R>(
  result: ActionResult<R> | undefined,
  setError: UseFormSetError<T>,
): result is { ok: true; data: R; message?: string } {
  if (!result) return false; // the action redirected
  if (result.ok) {
    if (result.message) toast.success(result.message);
    return true;
  }
  for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
    if (messages?.[0]) setError(field as Path<T>, { type: "server", message: messages[0] });
  }
  toast.error(result.error);
  return false;
}
