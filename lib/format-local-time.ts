// Times as the browser shows them: in its own time zone, one format throughout ("2 Dec 2026, 22:45"), the zone's
// name where the exact time is asked for (a title, a screen reader's text). The server, which does not know the
// reader's zone, renders the neutral UTC form (formatDateTime) that these replace once the page runs.
const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

export function formatLocalDateTime(
  date: Date | string,
  opts: { seconds?: boolean; zone?: boolean; dateOnly?: boolean; timeZone?: string } = {},
): string {
  const then = typeof date === "string" ? new Date(date) : date;
  const options: Intl.DateTimeFormatOptions = opts.dateOnly
    ? DATE
    : { ...DATE, ...TIME, ...(opts.seconds ? { second: "2-digit" } : {}), ...(opts.zone ? { timeZoneName: "short" } : {}) };
  return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: opts.timeZone }).format(then);
}
