// Link schemas, shared by the form and the server actions.
import { z } from "@/lib/zod";
import { fileIdSchema } from "@/lib/files/schemas";
import { optionalShortText } from "@/lib/short-text";

export const EXPIRY_PRESETS = {
  never: "Never",
  "1h": "In 1 hour",
  "1d": "In 1 day",
  "7d": "In 7 days",
  "30d": "In 30 days",
  date: "On a date…",
} as const;
export type ExpiryPreset = keyof typeof EXPIRY_PRESETS;

/**
 * Whether a YYYY-MM-DD string names a day of the calendar. JavaScript's Date rolls 2026-02-30 over to
 * 2 March; a date that does not exist is a mistake to point out, not a day to guess.
 */
export function isCalendarDate(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** A link's password and download limit, as the form and the API (lib/api/schemas.ts) both take them. */
export const linkPasswordSchema = z.string().min(8, "Use at least 8 characters.").max(1024);
export const downloadLimit = (n: z.ZodNumber) => n.int("Use a whole number.").min(1, "At least 1.").max(1_000_000, "At most 1,000,000.");
export const linkLabelSchema = optionalShortText({ max: 80 });

export const createLinkSchema = z
  .object({
    fileId: fileIdSchema,
    label: linkLabelSchema,
    message: optionalShortText({ max: 500, multiline: true }),
    // A checkbox: checked sends true (or "on" from a form without script), unchecked false or nothing.
    allowPreview: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).optional(),
    expiry: z.enum(Object.keys(EXPIRY_PRESETS) as [ExpiryPreset, ...ExpiryPreset[]]),
    expiresOn: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Pick a date.", abort: true })
        .refine(isCalendarDate, "That date does not exist.")
        .optional(),
    ),
    password: z.preprocess(blankToUndefined, linkPasswordSchema.optional()),
    maxDownloads: z.preprocess(blankToUndefined, downloadLimit(z.coerce.number()).optional()),
  })
  .refine((v) => v.expiry !== "date" || v.expiresOn, { path: ["expiresOn"], message: "Pick a date." });
export type CreateLinkInput = z.input<typeof createLinkSchema>;

export const linkIdSchema = z.object({ linkId: z.string().min(1).max(64) });

export const unlockLinkSchema = z.object({
  token: z.string().max(64),
  password: z.string().min(1, "Enter the password.").max(1024),
});
export type UnlockLinkInput = z.input<typeof unlockLinkSchema>;

export const linkIdsSchema = z.object({ linkIds: z.array(z.string().min(1).max(64)).min(1, "Select at least one link.").max(500) });
export type LinkIdsInput = z.input<typeof linkIdsSchema>;
