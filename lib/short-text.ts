// The one rule for every short text a user types that others see: link labels, share messages, folder and display
// names, file-request titles. What it keeps is visible text: no control characters (NUL, ESC, DEL, C1), no bidi
// embeddings, overrides, isolates or marks (a right-to-left override turns "…live" around), no zero-width characters
// or BOM, no runs of stacked combining marks; NFC, whitespace folded, trimmed; the length counted in characters after
// cleaning. One-line texts fold newlines into spaces; multi-line ones (a message) keep at most one blank line in a row.
// File names add rules of their own on top (lib/files/display-name.ts). Safe for the browser. docs/decisions/042.
import { z } from "@/lib/zod";

/** C0/C1 controls, bidi embeddings/overrides/isolates and marks, zero-width characters and the BOM. */
export const UNSAFE_TEXT = /[\p{Cc}\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
const LINE_BREAK = /\r\n?|[\n\u2028\u2029\u0085\v\f]/;
/** More than this many combining marks on one character is decoration that overflows its line ("Zalgo"). */
const MAX_STACKED_MARKS = 4;
const STACKED_MARKS = new RegExp(`(\\p{M}{${MAX_STACKED_MARKS}})\\p{M}+`, "gu");

export type TextShape = { multiline?: boolean };

function cleanLine(line: string): string {
  // Invisible characters go; tabs and other spaces become one space; what controls are left go.
  const visible = line.replace(INVISIBLE, "").replace(/\s/gu, " ").replace(UNSAFE_TEXT, "");
  return visible.normalize("NFC").replace(STACKED_MARKS, "$1").replace(/ {2,}/g, " ").trim();
}

/** The visible text of `raw`, by the rule above: the same result however often it is applied. */
export function cleanText(raw: string, opts: TextShape = {}): string {
  // Lone surrogates (JSON can carry them) become U+FFFD.
  const lines = raw.toWellFormed().split(LINE_BREAK).map(cleanLine);
  if (!opts.multiline) return lines.filter(Boolean).join(" ");
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Characters, not UTF-16 units: "é" and "😀" count one each. */
export const textLength = (text: string) => [...text].length;

/** A zod schema for a required short text: cleaned, then at least one and at most `max` characters. */
export function shortText(opts: TextShape & { max: number; required?: string; tooLong?: string }): z.ZodType<string, string> {
  return z
    .string()
    .transform((raw) => cleanText(raw, opts))
    .refine((text) => text.length > 0, opts.required ?? "Enter some text.")
    .refine((text) => textLength(text) <= opts.max, opts.tooLong ?? `Use at most ${opts.max} characters.`);
}

/** The same for an optional one: a blank (or all-invisible) input is undefined, so "none" is one state, not two. */
export function optionalShortText(
  opts: TextShape & { max: number; tooLong?: string },
): z.ZodType<string | undefined, string | null | undefined> {
  return z
    .string()
    .nullish()
    .transform((raw) => (raw ? cleanText(raw, opts) : ""))
    .refine((text) => textLength(text) <= opts.max, opts.tooLong ?? `Use at most ${opts.max} characters.`)
    .transform((text) => text || undefined);
}
