import Link from "next/link";
import { ArrowDown, ArrowUp } from "lucide-react";

/** A sortable column's header for Table (a link that sorts by it, or flips the order) and its aria-sort. */
export function sortableColumn(opts: { label: string; href: string; active: boolean; dir: "asc" | "desc" }) {
  const Arrow = opts.dir === "asc" ? ArrowUp : ArrowDown;
  return {
    header: (
      <Link href={opts.href} scroll={false} className="inline-flex items-center gap-1 hover:underline">
        {opts.label}
        {opts.active ? <Arrow aria-hidden="true" className="size-3.5" /> : null}
      </Link>
    ),
    headerProps: { "aria-sort": opts.active ? (opts.dir === "asc" ? "ascending" : "descending") : "none" } as const,
  };
}
