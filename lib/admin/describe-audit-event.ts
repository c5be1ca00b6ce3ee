// An audit event as a sentence in the words of the person reading it: "You uploaded notes.txt" in your own
// settings, "alice uploaded notes.txt" in the admin's trail. Events recorded before events named their file
// and the other party (fileName, peer) fall back to what their detail says.

export type DescribableEvent = {
  kind: string;
  /** Usernames of the account concerned and of who caused it (null: none; "(deleted)": gone since). */
  user: string | null;
  actor: string | null;
  userId: string | null;
  actorId: string | null;
  detail: string | null;
  address: string | null;
  fileName: string | null;
  peer: string | null;
  device: string | null;
};

/** The legacy detail "name (id)" or "name (id) with bob": the name is everything before the last " (". */
function legacyFileName(detail: string | null): string | null {
  return detail ? (/^(.*) \([^()]*\)(?: with .*)?$/.exec(detail)?.[1] ?? null) : null;
}

function humanize(kind: string): string {
  const words = (kind.split(".").pop() ?? kind).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function describeAuditEvent(event: DescribableEvent, viewerId: string): string {
  const self = event.userId !== null && event.userId === viewerId;
  const subject = self ? "You" : event.user === "(deleted)" ? "A deleted user" : (event.user ?? "Someone");
  const their = self ? "your" : "their";
  const actor =
    event.actorId !== null && event.actorId === viewerId
      ? "You"
      : event.actor && event.actor !== "(deleted)"
        ? event.actor
        : "An administrator";
  const account = self ? "your account" : event.user && event.user !== "(deleted)" ? `${event.user}'s account` : "an account";
  const file = event.fileName ?? legacyFileName(event.detail) ?? "a file";
  const from = [event.address ? `from ${event.address}` : null, event.device ? `with ${event.device}` : null].filter(Boolean).join(" ");
  const tail = from ? ` ${from}` : "";
  const detail = event.detail ?? "";
  switch (event.kind) {
    case "auth.sign_in":
      return self ? `Signed in${tail}` : `${subject} signed in${tail}`;
    case "auth.sign_in_failed":
      return event.detail === "account disabled"
        ? `A sign-in to ${account} was refused: the account is disabled${tail}`
        : `A sign-in to ${account} failed: wrong password${tail}`;
    case "auth.password_changed":
      return `${subject} changed ${their} password`;
    case "auth.signed_out_everywhere":
      return `${subject} signed out on every device`;
    case "file.uploaded":
      return `${subject} uploaded ${file}`;
    case "file.deleted":
      return `${subject} deleted ${file}`;
    case "share.created":
      return `${subject} shared ${file} with ${event.peer ?? / with (.+)$/.exec(detail)?.[1] ?? "someone"}`;
    case "share.revoked":
      return event.fileName
        ? `${subject} stopped sharing ${file} with ${event.peer ?? "someone"}`
        : `${subject} stopped sharing a file with ${/ from (.+)$/.exec(detail)?.[1] ?? "someone"}`;
    case "link.created": {
      const link = event.peer ?? /^(.+?) for /.exec(detail)?.[1];
      const target = event.fileName ?? /^.+? for (.*) \([^()]*\)$/.exec(detail)?.[1];
      return `${subject} created ${link ? `the link ${link}` : "a link"} to ${target ?? "a file"}`;
    }
    case "link.revoked": {
      const link = event.peer ?? /^(.+?) of file /.exec(detail)?.[1];
      return `${subject} revoked ${link ? `the link ${link}` : "a link"}${event.fileName ? ` to ${event.fileName}` : ""}`;
    }
    case "admin.user_disabled":
      return `${actor} disabled ${account}`;
    case "admin.user_enabled":
      return `${actor} enabled ${account} again`;
    case "admin.user_deleted":
      return `${actor} deleted the account ${event.detail ?? event.user ?? ""}`.trimEnd();
    case "admin.registration_closed":
      return `${actor} closed registration`;
    case "admin.registration_opened":
      return `${actor} opened registration`;
    default:
      return `${humanize(event.kind)}${event.detail ? `: ${event.detail}` : ""}`;
  }
}
