// The one error the domain throws when it refuses something: a code saying what kind of refusal it is,
// and optionally a message for the user, field errors and how long to wait. Domain code never knows
// whether an action or a route called it: the action helper turns this into an ActionResult, the route
// wrapper into a status and a JSON body, both through APP_ERROR_STATUS. Safe to import in the browser.

export type FieldErrors = Record<string, string[] | undefined>;

/** Each code and the HTTP status a route answers for it. */
export const APP_ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  /** Too large for what is left of the owner's quota (a script can tell it from a file over the size limit). */
  quota_exceeded: 413,
  unsupported_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  insufficient_storage: 507,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

const DEFAULT_MESSAGE: Record<AppErrorCode, string> = {
  invalid: "Please correct the highlighted fields.",
  unauthenticated: "Sign in to continue.",
  forbidden: "You are not allowed to do this.",
  not_found: "Not found.",
  conflict: "That conflicts with something that already exists.",
  locked: "Something else is changing this now. Try again in a moment.",
  too_large: "That is too large.",
  quota_exceeded: "That does not fit in your quota.",
  unsupported_type: "That type is not accepted.",
  rate_limited: "Too many attempts. Try again later.",
  internal: "Something went wrong. Please try again.",
  unavailable: "The server is busy. Try again in a moment.",
  insufficient_storage: "The server is out of storage space.",
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message?: string, options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number } = {}) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

/** A refusal that belongs under one form field (shown there, not in a toast as well). */
export function fieldError(field: string, message: string, code: AppErrorCode = "invalid"): AppError {
  return new AppError(code, message, { fieldErrors: { [field]: [message] } });
}

/** "Not found, or not yours": the two must look the same. */
export function notFound(message = DEFAULT_MESSAGE.not_found): AppError {
  return new AppError("not_found", message);
}
