// What every server action answers; safe for client components to import.
export type FieldErrors = Record<string, string[] | undefined>;
export type ActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors?: FieldErrors; retryAfterSeconds?: number };
