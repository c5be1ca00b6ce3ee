// The one rule for short texts others see (lib/short-text.ts): whatever is typed, what is kept is visible text,
// cleaning twice changes nothing, and the limits count characters after cleaning.
import fc from "fast-check";
import { cleanText, optionalShortText, shortText, textLength } from "@/lib/short-text";
import { BIDI_OR_INVISIBLE, CONTROL } from "../support/display-name-rules";

// Text built from the characters that cause trouble as well as ordinary ones.
const hostileChar = fc.oneof(
  fc.constantFrom("\n", "\r", "\t", "\v", "\f", "\u0000", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029", " ", "\u00a0", "\u3000"),
  fc.constantFrom("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"),
  fc.constantFrom("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ud800", "\udc00", "\u0301", "\u0308", "\u0327", "e", "é"),
  fc.string({ unit: "grapheme", maxLength: 3 }),
  fc.string({ unit: "binary", maxLength: 2 }),
);
const hostileText = fc.array(hostileChar, { maxLength: 40 }).map((parts) => parts.join(""));

describe("cleanText", () => {
  it.each([
    ["newlines and tabs fold into one space", "team\n\tfolder", "team folder"],
    ["NUL and ESC go, the visible rest stays", "a\u0000b \u001b[31mred", "ab [31mred"],
    ["a right-to-left override goes", "\u202Eevil.exe\u202C live", "evil.exe live"],
    ["isolates, marks and zero-width characters go", "\u2066a\u2069\u200Fb\u200B\uFEFFc", "abc"],
    ["spaces are folded and trimmed", "  a \u00a0  b  ", "a b"],
    ["the letters LF are only letters", "LF CR", "LF CR"],
    ["NFC", "e\u0301", "é"],
    ["nothing visible is empty", "\u202E\u0000 \n\u200B", ""],
  ])("%s", (_case, raw, expected) => {
    expect(cleanText(raw)).toBe(expected);
  });

  it("cuts stacked combining marks to four on one character", () => {
    const zalgo = `Z${"\u0301\u0308\u0327\u0302\u0303\u0304".repeat(5)}a`;
    const clean = cleanText(zalgo);
    // NFC first composes what it can (Z + acute is Ź), then at most four marks stay on the letter.
    expect(clean).toMatch(/^\p{L}\p{M}{4}a$/u);
    expect(clean.normalize("NFD").startsWith("Z")).toBe(true);
  });

  it("keeps lines in a multi-line text, with at most one blank line in a row", () => {
    expect(cleanText("  Hello\r\n\r\n\r\n\r\nthere \u202E\n\tfriend  \n\n", { multiline: true })).toBe("Hello\n\nthere\nfriend");
  });

  it("never keeps a control, bidi or invisible character (a newline only in multi-line text), and is stable", () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (raw, multiline) => {
        const clean = cleanText(raw, { multiline });
        expect(clean.isWellFormed()).toBe(true);
        expect(clean.replace(multiline ? /\n/g : /(?!)/g, "")).not.toMatch(CONTROL);
        expect(clean).not.toMatch(BIDI_OR_INVISIBLE);
        expect(clean).toBe(clean.trim());
        expect(clean).not.toMatch(/ {2}/);
        expect(clean).not.toMatch(/\n{3}/);
        expect(clean).toBe(clean.normalize("NFC"));
        expect(cleanText(clean, { multiline })).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("shortText and optionalShortText", () => {
  it("count characters after cleaning, not UTF-16 units", () => {
    const label = shortText({ max: 3 });
    expect(label.parse("😀é\u0000\u202Ex")).toBe("😀éx");
    expect(label.safeParse("abcd").error?.issues[0].message).toBe("Use at most 3 characters.");
    expect(label.safeParse(" \u200B\n").error?.issues[0].message).toBe("Enter some text.");
    expect(textLength("😀é")).toBe(2);
  });

  it("answer undefined for a blank or invisible optional text", () => {
    const label = optionalShortText({ max: 5 });
    for (const blank of [undefined, null, "", "   ", "\u202E\u0000\n"]) expect(label.parse(blank)).toBeUndefined();
    expect(label.parse(" a\nb ")).toBe("a b");
    expect(label.safeParse("abcdef").success).toBe(false);
  });
});
