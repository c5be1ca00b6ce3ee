// File request schemas, shared by the owner's form and the server actions. Safe for the browser.
import { z } from "@/lib/zod";
import { isCalendarDate } from "@/lib/links/schemas";
import { optionalShortText, shortText } from "@/lib/short-text";
import { MAX_FILES_LIMIT, parseAllowedTypes } from "./limits";

export const REQUEST_EXPIRY_PRESETS = { "1d": "In 1 day", "7d": "In 7 days", "30d": "In 30 days", date: "On a date…" } as const;
export type RequestExpiryPreset = keyof typeof REQUEST_EXPIRY_PRESETS;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
/** Sizes are typed in MiB: whole numbers from 1 up to 16 TiB. */
const mebibytes = (label: string) =>
  z.coerce
    .number({ message: `Enter ${label} in MiB.` })
    .int("Use a whole number of MiB.")
    .min(1, "At least 1 MiB.")
    .max(16 * 1024 * 1024);

export const createRequestSchema = z
  .object({
    label: shortText({ max: 80, required: "Name the request, so that you and the sender know what it is for." }),
    message: optionalShortText({ max: 500, multiline: true }),
    expiry: z.enum(Object.keys(REQUEST_EXPIRY_PRESETS) as [RequestExpiryPreset, ...RequestExpiryPreset[]]),
    expiresOn: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Pick a date.", abort: true })
        .refine(isCalendarDate, "That date does not exist.")
        .optional(),
    ),
    password: z.preprocess(blankToUndefined, z.string().min(8, "Use at least 8 characters.").max(1024).optional()),
    maxFiles: z.coerce
      .number({ message: "Enter a number of files." })
      .int("Use a whole number.")
      .min(1, "At least 1.")
      .max(MAX_FILES_LIMIT, `At most ${MAX_FILES_LIMIT}.`),
    maxTotalMiB: mebibytes("the total size"),
    maxFileMiB: z.preprocess(blankToUndefined, mebibytes("the largest file").optional()),
    allowedTypes: z
      .string()
      .max(300, "At most 300 characters.")
      .optional()
      .superRefine((value, ctx) => {
        const parsed = parseAllowedTypes(value);
        if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
      }),
  })
  .refine((v) => v.expiry !== "date" || v.expiresOn, { path: ["expiresOn"], message: "Pick a date." })
  .refine((v) => v.maxFileMiB === undefined || v.maxFileMiB <= v.maxTotalMiB, {
    path: ["maxFileMiB"],
    message: "The largest file cannot be larger than the total.",
  });
export type CreateRequestInput = z.input<typeof createRequestSchema>;

export const requestIdSchema = z.object({ requestId: z.string().min(1).max(64) });

export const editRequestMessageSchema = z.object({
  requestId: z.string().min(1).max(64),
  message: optionalShortText({ max: 500, multiline: true }),
});
export type EditRequestMessageInput = z.input<typeof editRequestMessageSchema>;

// A request's password is asked exactly as a link's: the same token and password fields (lib/links/schemas.ts).
export { unlockLinkSchema as unlockRequestSchema, type UnlockLinkInput as UnlockRequestInput } from "@/lib/links/schemas";
