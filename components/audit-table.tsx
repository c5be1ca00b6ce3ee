import { formatDateTime } from "@/lib/format-date-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";

type AuditRow = {
  id: string;
  kind: string;
  at: Date;
  user: string | null;
  actor: string | null;
  detail: string | null;
  address: string | null;
};

export function AuditTable({ events, showUser }: { events: AuditRow[]; showUser: boolean }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events.</p>;
  return (
    <Table
      caption="Audit events, newest first"
      head={
        <>
          <Th>When (UTC)</Th>
          <Th>Event</Th>
          {showUser ? <Th>User</Th> : null}
          {showUser ? <Th>By</Th> : null}
          <Th>Details</Th>
        </>
      }
    >
      {events.map((e) => (
        <Tr key={e.id} data-testid="audit-row">
          <Td className="whitespace-nowrap">{formatDateTime(e.at, { seconds: true, utcSuffix: false })}</Td>
          <Td className="font-mono text-xs">{e.kind}</Td>
          {showUser ? <Td>{e.user ?? "—"}</Td> : null}
          {showUser ? <Td>{e.actor ?? "—"}</Td> : null}
          <Td className="text-slate-600">
            {e.detail ?? ""}
            {e.address ? ` · ${e.address}` : ""}
          </Td>
        </Tr>
      ))}
    </Table>
  );
}
