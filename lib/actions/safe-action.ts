// The one helper every server action goes through: it resolves the caller, validates the input with the
// action's schema (unknown fields are dropped), and turns failures into messages for the UI: an AppError
// keeps its message, field errors and wait; anything else is logged and answered with a generic message.
import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { noteRequestUser } from "@/lib/server-bridge";
import { adminAccessAllowed } from "@/lib/admin/admin-two-factor";
import type { ActionResult, FieldErrors } from "./action-result";

export type { ActionResult, FieldErrors };

const GENERIC = "Something went wrong. Please try again.";

async function run<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  fn: (parsed: z.output<S>) => Promise<T | ActionResult<T>>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors,
    };
  }
  try {
    const outcome = await fn(parsed.data);
    if (outcome && typeof outcome === "object" && "ok" in outcome) return outcome as ActionResult<T>;
    return { ok: true, data: outcome as T };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) {
      return {
        ok: false,
        error: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      };
    }
    logger.error({ err: error }, "server action failed");
    return { ok: false, error: GENERIC };
  }
}

async function signedInCaller(): Promise<SessionUser | null> {
  const user = await currentUser();
  if (user) noteRequestUser(await headers(), user.id);
  return user;
}

/** An action for signed-in users only. */
export function authAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<T | ActionResult<T>>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const user = await signedInCaller();
    if (!user) return { ok: false, error: "Your session has ended. Please sign in again." };
    return run(schema, input, (parsed) => fn(parsed, { user }));
  };
}

/** An action for admins only (with two-factor on, when the instance requires it); anyone else is told it does not exist. */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<T | ActionResult<T>>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    const user = await signedInCaller();
    if (!user || !(await adminAccessAllowed(user))) return { ok: false, error: "Not found." };
    return run(schema, input, (parsed) => fn(parsed, { user }));
  };
}

/** An action open to anonymous visitors (sign-in, registration); it still validates and maps errors. */
export function publicAction<S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>) => Promise<T | ActionResult<T>>) {
  return async (input: unknown): Promise<ActionResult<T>> => run(schema, input, fn);
}
