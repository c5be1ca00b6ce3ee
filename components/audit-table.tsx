import type { AuditEventRow } from "@/lib/admin/list-audit-events";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table } from "@/components/ui/table";

/**
 * The audit trail as sentences, newest first, with how long ago each happened (the exact time on hover).
 * Admins also see each event's raw code and the address it came from.
 */
export function AuditTable({ events, forAdmin, now = new Date() }: { events: AuditEventRow[]; forAdmin: boolean; now?: Date }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events.</p>;
  return (
    <Table
      caption="Audit events, newest first"
      rows={events}
      rowKey={(e) => e.id}
      rowProps={(e) => ({ "data-testid": "audit-row", "data-event-id": e.id })}
      columns={[
        { label: "What happened", card: "title", cell: (e) => <span className="break-words">{e.sentence}</span> },
        { label: "When", cell: (e) => <RelativeTime date={e.at} now={now} />, className: "whitespace-nowrap" },
        // The account the event is about: "(deleted)" once it is gone, which the sentence cannot say by name.
        forAdmin && { label: "Account", cell: (e) => e.user ?? "—" },
        forAdmin && { label: "Code", cell: (e) => <code className="font-mono text-xs">{e.kind}</code> },
        forAdmin && { label: "Address", cell: (e) => <span className="text-slate-600">{e.address ?? "—"}</span> },
      ]}
    />
  );
}
