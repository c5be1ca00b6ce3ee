// What a stored file name must never hold, written out here rather than taken from lib/files/display-name.ts,
// for the unit tests of the rules and the integration tests that send hostile names over HTTP.
export const MAX_NAME_BYTES = 255;
export const SEPARATOR = /[/\\]/;
export const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// Bidi embeddings, overrides, isolates and marks, zero-width characters and the BOM.
export const BIDI_OR_INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
export const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Every rule a display name must satisfy, whatever the user sent. */
export function expectSafeDisplayName(name: string) {
  expect(typeof name).toBe("string");
  expect(name.length).toBeGreaterThan(0);
  expect(Buffer.byteLength(name, "utf8")).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name.isWellFormed()).toBe(true); // no lone surrogate: no code point cut in half
  expect(name).not.toMatch(SEPARATOR);
  expect(name).not.toMatch(CONTROL);
  expect(name).not.toMatch(BIDI_OR_INVISIBLE);
  expect(name).not.toMatch(/^[\s.-]/u); // hidden files and command-line options
  expect(name).not.toMatch(/[\s.]$/u); // Windows drops trailing dots and spaces
  expect(name).not.toMatch(WINDOWS_RESERVED);
}
