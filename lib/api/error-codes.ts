// The codes /api/v1 answers errors with, one per AppError code (lib/errors.ts), so a script can tell a full quota
// from a file over the size limit, or a missing file from a refused scope. Renaming one breaks every script that
// reads it: add codes, never rename them.
import type { AppErrorCode } from "@/lib/errors";

export const API_ERROR_CODES = {
  invalid: "VALIDATION_FAILED",
  unauthenticated: "UNAUTHENTICATED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  locked: "LOCKED",
  too_large: "TOO_LARGE",
  quota_exceeded: "QUOTA_EXCEEDED",
  unsupported_type: "UNSUPPORTED_TYPE",
  rate_limited: "RATE_LIMITED",
  internal: "INTERNAL",
  unavailable: "UNAVAILABLE",
  insufficient_storage: "INSUFFICIENT_STORAGE",
} as const satisfies Record<AppErrorCode, string>;

export type ApiErrorCode = (typeof API_ERROR_CODES)[AppErrorCode];

export const API_ERROR_CODE_NAMES = Object.values(API_ERROR_CODES) as [ApiErrorCode, ...ApiErrorCode[]];
