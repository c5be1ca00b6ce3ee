"use client";
// Times in the reader's time zone (lib/format-local-time.ts). The server renders the neutral UTC form; once the page
// runs in the browser, the same element shows the browser's local time. Until then (and without JavaScript) the UTC
// form says that it is UTC.
import { useSyncExternalStore } from "react";
import { formatDateTime, formatDate } from "@/lib/format-date-time";
import { formatLocalDateTime } from "@/lib/format-local-time";
import { formatRelativeTime } from "@/lib/format-relative-time";

const noSubscription = () => () => {};
/** False while the server renders and while React hydrates what it sent; true in the browser afterwards. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** An exact time ("2 Dec 2026, 22:45" in the reader's zone, the zone on hover); `dateOnly` for a day ("2 Dec 2026"). */
export function LocalTime({ date, dateOnly = false }: { date: Date | string; dateOnly?: boolean }) {
  const inBrowser = useInBrowser();
  const iso = typeof date === "string" ? date : date.toISOString();
  const text = inBrowser ? formatLocalDateTime(iso, { dateOnly }) : dateOnly ? formatDate(iso) : formatDateTime(iso);
  const exact = inBrowser ? formatLocalDateTime(iso, { zone: true }) : formatDateTime(iso);
  return (
    <time dateTime={iso} title={exact} className="whitespace-nowrap">
      {text}
    </time>
  );
}

/** "5 minutes ago", with the exact time on hover and for screen readers (the reader's zone, once in the browser). */
export function RelativeTime({ date, now }: { date: Date | string; now?: Date }) {
  const inBrowser = useInBrowser();
  const iso = new Date(date).toISOString();
  const exact = inBrowser ? formatLocalDateTime(iso, { seconds: true, zone: true }) : formatDateTime(iso, { seconds: true });
  const relative = formatRelativeTime(iso, inBrowser ? new Date() : now);
  const old = relative === iso.slice(0, 10); // past a year: the day itself, in the reader's zone
  return (
    <time dateTime={iso} title={exact} className="whitespace-nowrap">
      {old && inBrowser ? formatLocalDateTime(iso, { dateOnly: true }) : relative}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}
