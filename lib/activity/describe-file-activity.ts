// A file's activity entry as a sentence in its owner's words ("You shared notes.txt with bob"). Pure: no database.
// Entries are facts (the link's name, the download's number, the bytes delivered); entries recorded before they were
// carry their sentence in `subject`, read back here as it was written then.
import { formatBytes } from "@/lib/files/format-bytes";

export type ActivityEntry = {
  kind: string;
  actorName: string | null;
  subject: string | null;
  address: string | null;
  downloadNumber?: number | null;
  downloadLimit?: number | null;
  bytes?: bigint | number | null;
  totalBytes?: bigint | number | null;
  resumed?: boolean;
};

const isFacts = (entry: ActivityEntry) => entry.downloadNumber != null || entry.bytes != null;

export function describeFileActivity(entry: ActivityEntry, fileName: string): string {
  const actor = entry.actorName ?? "Someone";
  const from = entry.address ? ` from ${entry.address}` : "";
  switch (entry.kind) {
    case "share.created":
      return `You shared ${fileName} with ${entry.subject}`;
    case "share.revoked":
      return `You stopped sharing ${fileName} with ${entry.subject}`;
    case "share.removed_by_recipient":
      return `${actor} removed ${fileName} from their list`;
    case "link.created":
      return `You created the link ${entry.subject}`;
    case "link.revoked":
      return `You revoked the link ${entry.subject}`;
    case "download.user":
      return `${actor} downloaded ${fileName}`;
    case "download.link": {
      if (isFacts(entry)) {
        const of = entry.downloadLimit == null ? `${entry.downloadNumber}` : `${entry.downloadNumber} of ${entry.downloadLimit}`;
        const resumed = entry.resumed ? ", after a resume" : "";
        return `${entry.actorName ?? "A visitor"} downloaded ${fileName} through the link ${entry.subject ?? "a link"}${from}${resumed} (download ${of})`;
      }
      // Before facts: recorded as `"Label" was downloaded (2 of 3)` or `… was downloaded after a resume (2 of 3)`
      // (lib/links/begin-link-download.ts); a link keeps its name.
      const subject = entry.subject ?? "";
      const count = /\((\d+(?: of \d+)?)\)$/.exec(subject)?.[1];
      const link = /^(.*) was downloaded/.exec(subject)?.[1] ?? "a link";
      const resumed = subject.includes(" was downloaded after a resume") ? ", after a resume" : "";
      const who = entry.actorName ?? "A visitor";
      return `${who} downloaded ${fileName} through the link ${link}${from}${resumed}${count ? ` (download ${count})` : ""}`;
    }
    case "download.link_cut": {
      if (isFacts(entry)) {
        const sizes = `${formatBytes(entry.bytes ?? 0)} of ${formatBytes(entry.totalBytes ?? 0)}`;
        return `A visitor's download of ${fileName} through the link ${entry.subject ?? "a link"}${from} was cut off after ${sizes}; it used up a download and can be resumed for an hour`;
      }
      // Before facts: recorded as `"Label": a download was cut off after 17 MiB of 100 MiB; it used up a download …`.
      const cut = /^(.*?): a download (was cut off .*)$/.exec(entry.subject ?? "");
      return cut
        ? `A visitor's download of ${fileName} through the link ${cut[1]}${from} ${cut[2]}`
        : `A download of ${fileName} through a link was cut off${from}`;
    }
    case "download.link_resumed": {
      if (isFacts(entry)) {
        return `A visitor resumed a cut-off download of ${fileName} through the link ${entry.subject ?? "a link"}${from}: ${formatBytes(entry.bytes ?? 0)} delivered`;
      }
      // Before facts: recorded as `"Label": a cut-off download was resumed: 12 MiB delivered`.
      const resumed = /^(.*?): a cut-off download was resumed: (.*) delivered$/.exec(entry.subject ?? "");
      return resumed
        ? `A visitor resumed a cut-off download of ${fileName} through the link ${resumed[1]}${from}: ${resumed[2]} delivered`
        : `A visitor resumed a download of ${fileName} through a link${from}`;
    }
    case "request.received":
      // subject: the request's label; actorName: the name the sender gave, if any.
      return `${entry.actorName ? `${entry.actorName} sent` : "A visitor sent"} ${fileName} through the file request "${entry.subject ?? "?"}"${from}`;
    default:
      return entry.kind;
  }
}
