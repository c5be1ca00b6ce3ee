const STYLES = {
  active: "border-emerald-300 bg-emerald-50 text-emerald-900",
  expired: "border-amber-300 bg-amber-50 text-amber-900",
  "used up": "border-slate-300 bg-slate-100 text-slate-800",
  revoked: "border-red-300 bg-red-50 text-red-900",
} as const;

/** A link's status in a word, coloured but never by colour alone: the word is always there. */
export function LinkStatusBadge({ status }: { status: keyof typeof STYLES }) {
  return <span className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium ${STYLES[status]}`}>{status}</span>;
}
