// Search by name works alike on every database provider: each File row carries `searchName` (indexed with its
// owner), written with the name, and a search looks for the query in it with Prisma's `contains`, which is
// SQL LIKE: case-insensitive for ASCII only on SQLite, case-sensitive on PostgreSQL, and neither escapes LIKE's
// own characters. So both sides are folded the same way: lower-cased by JavaScript, and `%`, `_` and `\` (the
// wildcards, and PostgreSQL's escape character) replaced by characters of the Private Use Area that LIKE takes
// literally. `searchName` is never shown.

const LIKE_SPECIAL: Record<string, string> = { "%": "\uE000", _: "\uE001", "\\": "\uE002" };

/** What a name or a query is compared as. */
export function foldForSearch(text: string): string {
  return text.toLowerCase().replace(/[%_\\]/g, (special) => LIKE_SPECIAL[special]);
}

/** The columns that hold a file's name: write them together. */
export function nameColumns(name: string): { name: string; searchName: string } {
  return { name, searchName: foldForSearch(name) };
}
