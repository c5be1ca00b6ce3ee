// Wraps a route handler of /api/v1: withUser with the operation's scopes and rate limit (lib/api/operations.ts, which
// the OpenAPI document is generated from) and /api/v1's error body. Its helpers read a request's params, query and
// JSON body through the operation's schemas, a failure being a 400 with field errors (404 for a malformed id).
import "server-only";
import { z } from "@/lib/zod";
import { AppError, notFound, type FieldErrors } from "@/lib/errors";
import type { ApiOperation } from "@/lib/api/operations";
import type { Principal, PrincipalUser } from "@/lib/auth/principal";
import { withUser } from "./with-user";

type ApiHandler<P> = (request: Request, ctx: { user: PrincipalUser; principal: Principal; params: P }) => Promise<Response>;

export function withApi<P>(handler: ApiHandler<P>, operation: ApiOperation) {
  return withUser<P>(handler, { scopes: operation.scopes, limit: operation.limit ?? "api", body: "api" });
}

function fieldErrorsOf(error: z.ZodError, root: string): FieldErrors {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add([...issue.path, key].join("."), "Unknown field.");
    else add(issue.path.join(".") || root, issue.message);
  }
  return errors;
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("invalid", "Please correct the fields named in fieldErrors.", { fieldErrors: fieldErrorsOf(result.error, root) });
  }
  return result.data;
}

/** The path's params; one that cannot be an id names nothing, so it is the same 404 as an id that is not there. */
export function apiParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params);
  if (!result.success) throw notFound();
  return result.data;
}

export function apiQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return parsed(schema, Object.fromEntries(new URL(request.url).searchParams), "query");
}

/** A JSON body holds a few short fields: anything longer is refused before it is all read. */
const MAX_JSON_BYTES = 64 * 1024;

async function boundedText(request: Request): Promise<string> {
  const tooLarge = () => new AppError("too_large", `Send at most ${MAX_JSON_BYTES / 1024} KiB of JSON.`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    length += chunk.length;
    if (length > MAX_JSON_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body (an empty body is `{}`), validated. */
export async function apiBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await boundedText(request);
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("invalid", "The body is not valid JSON.", { fieldErrors: { body: ["The body is not valid JSON."] } });
    }
  }
  return parsed(schema, json, "body");
}

export const apiJson = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
export const apiNoContent = () => new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
