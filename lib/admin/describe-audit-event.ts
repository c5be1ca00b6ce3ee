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
    case "auth.session_ended":
      // detail: "N other sessions" for "Sign out everywhere else"; none for one session.
      return /^\d+ other sessions$/.test(detail)
        ? `${subject} signed out everywhere else (${detail.replace(/^1 other sessions$/, "1 other session")})`
        : `${subject} signed out a session`;
    case "auth.two_factor_enabled":
      return `${subject} turned on two-factor sign-in`;
    case "auth.two_factor_disabled":
      return `${subject} turned off two-factor sign-in`;
    case "auth.two_factor_failed":
      return `A wrong two-factor code was entered for ${account}${tail}`;
    case "auth.recovery_code_used":
      return `${subject} used a recovery code${tail}`;
    case "auth.recovery_codes_replaced":
      return `${subject} made new recovery codes`;
    case "auth.password_reset_requested":
      return `A password reset link for ${account} was asked for and mailed${tail}`;
    case "auth.password_reset":
      return `The password of ${account} was reset with a reset link${tail}`;
    case "auth.password_set":
      return `${subject} chose ${their} password with the link from an administrator${tail}`;
    case "auth.registered_by_invitation":
      return `${subject} registered with an invitation${tail}`;
    case "auth.email_changed":
      // detail: what happened to the address ("confirmed", "removed", "set (not confirmed)").
      return `${subject} ${detail === "removed" ? `removed ${their} email address` : detail === "confirmed" ? `confirmed ${their} email address` : `set ${their} email address`}`;
    case "file.uploaded":
      // A visitor's file through a file request: nobody signed in sent it (peer: the request's label).
      return event.actorId === null && event.peer
        ? `A visitor sent ${file} to ${self ? "you" : subject} through the file request "${event.peer}"`
        : `${subject} uploaded ${file}`;
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
    case "link.password_failed": {
      const link = event.peer ?? /\((link ".*")\)$/.exec(detail)?.[1].slice(5);
      const target = event.fileName ?? /^(.*?)(?: \(link ".*"\))?$/.exec(detail)?.[1];
      return `A wrong password was tried on ${link ? `the link ${link}` : "a link"} to ${target || "a file"}${tail}`;
    }
    case "token.created":
      return `${subject} created the API token ${event.peer ?? ""} (${detail})`;
    case "token.revoked":
      return `${subject} revoked the API token ${event.peer ?? ""}`;
    case "token.used_from_new_network":
      return `The API token ${event.peer ?? ""} was used from a new network${tail}`;
    case "request.created":
      return `${subject} created the file request "${event.peer ?? "?"}"`;
    case "request.closed":
      return `${subject} closed the file request "${event.peer ?? "?"}"`;
    case "request.reopened":
      return `${subject} reopened the file request "${event.peer ?? "?"}"`;
    case "request.password_failed":
      return `A wrong password was tried on the file request "${event.peer ?? "?"}"${tail}`;
    case "admin.file_requests_on":
      return `${actor} turned file requests on`;
    case "admin.file_requests_off":
      return `${actor} turned file requests off`;
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
    case "admin.two_factor_required":
      return `${actor} required two-factor sign-in for administrators`;
    case "admin.two_factor_optional":
      return `${actor} made two-factor sign-in optional for administrators`;
    case "admin.reset_link_issued":
      return `${actor} made a password reset link for ${account}`;
    case "admin.two_factor_reset":
      return `${actor} turned off two-factor sign-in for ${account} (a lost device)`;
    case "admin.user_created":
      return `${actor} created ${account} and made its "set your password" link`;
    case "admin.invitation_created":
      // detail: the invitation's short name (#abc123), as in the admin's list.
      return `${actor} made the invitation ${detail || "link"}`;
    case "admin.invitation_revoked":
      return `${actor} withdrew the invitation ${detail || "link"}`;
    default:
      return `${humanize(event.kind)}${event.detail ? `: ${event.detail}` : ""}`;
  }
}
