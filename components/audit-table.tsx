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
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Event
            </th>
            {showUser ? (
              <th scope="col" className="px-3 py-2 font-medium">
                User
              </th>
            ) : null}
            {showUser ? (
              <th scope="col" className="px-3 py-2 font-medium">
                By
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2 font-medium">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} className="border-t border-slate-100" data-testid="audit-row">
              <td className="whitespace-nowrap px-3 py-2">{e.at.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.kind}</td>
              {showUser ? <td className="px-3 py-2">{e.user ?? "—"}</td> : null}
              {showUser ? <td className="px-3 py-2">{e.actor ?? "—"}</td> : null}
              <td className="px-3 py-2 text-slate-600">
                {e.detail ?? ""}
                {e.address ? ` · ${e.address}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
