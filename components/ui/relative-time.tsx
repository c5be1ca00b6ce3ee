import { formatDateTime } from "@/lib/format-date-time";
import { formatRelativeTime } from "@/lib/format-relative-time";

/** "5 minutes ago", with the exact time (UTC) on hover and for screen readers. */
export function RelativeTime({ date, now }: { date: Date | string; now?: Date }) {
  const iso = typeof date === "string" ? date : date.toISOString();
  const exact = formatDateTime(iso, { seconds: true });
  return (
    <time dateTime={iso} title={exact} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelativeTime(iso, now)}
      <span className="sr-only"> ({exact})</span>
    </time>
  );
}
