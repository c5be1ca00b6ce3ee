import { LinkButton } from "@/components/ui/link-button";

/** "Newest" and "Older" links for a keyset-paginated list; the current filters travel in `base`. */
export function Pager({
  label,
  path,
  base,
  cursor,
  nextCursor,
  param = "cursor",
}: {
  label: string;
  /** The page the links lead back to. */
  path: string;
  base: URLSearchParams;
  cursor?: string;
  nextCursor: string | null;
  param?: string;
}) {
  if (!cursor && !nextCursor) return null;
  const withCursor = (value?: string) => {
    const params = new URLSearchParams(base);
    params.delete(param);
    if (value) params.set(param, value);
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  return (
    <nav aria-label={label} className="flex gap-3">
      {cursor ? (
        <LinkButton href={withCursor()} variant="text" scroll={false}>
          Newest
        </LinkButton>
      ) : null}
      {nextCursor ? (
        <LinkButton href={withCursor(nextCursor)} variant="text" scroll={false}>
          Older
        </LinkButton>
      ) : null}
    </nav>
  );
}
