// What every server action answers; safe for client components to import.
import type { FieldErrors } from "@/lib/errors";

export type { FieldErrors };

export type ActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

/** A successful outcome with the message the toast shows, and data for the caller when there is any. */
export function success(message: string): { ok: true; data: undefined; message: string };
export function success<T>(message: string, data: T): { ok: true; data: T; message: string };
export function success<T>(message: string, data?: T) {
  return { ok: true as const, data, message };
}

/** A successful step that the page itself shows (a form's next step): no toast, only data for the caller. */
export function nextStep<T>(data: T): { ok: true; data: T } {
  return { ok: true as const, data };
}
