// The position in the audit trail a page starts after: the last event's time and id, newest first. It carries
// values, not a row to look up, so a cursor made up by hand can only move within the events the page's
// where-clause already allows.

export type AuditCursor = { at: Date; id: string };

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at.getTime()}.${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor, or null for anything that is not one (the trail then starts at the newest event). */
export function decodeAuditCursor(value: string | undefined | null): AuditCursor | null {
  if (!value || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  if (!match) return null;
  const at = new Date(Number(match[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2] };
}
