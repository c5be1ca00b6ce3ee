import Link from "next/link";

/** A row of links that filter a list by kind, the current one marked; plain links, so they work before scripts load. */
export function FilterLinks({
  label,
  options,
  current,
}: {
  label: string;
  options: readonly { href: string; label: string; value: string }[];
  current: string;
}) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-2">
        {options.map((option) => (
          <li key={option.value}>
            <Link
              href={option.href}
              scroll={false}
              aria-current={option.value === current ? "true" : undefined}
              className="inline-block rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-[current=true]:border-indigo-600 aria-[current=true]:bg-indigo-600 aria-[current=true]:text-white"
            >
              {option.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
