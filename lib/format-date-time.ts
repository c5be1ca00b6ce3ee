// Dates as Coffer shows them: UTC, to the minute (or second), the same on the server and in the browser.
export function formatDateTime(date: Date | string, opts: { seconds?: boolean; utcSuffix?: boolean } = {}): string {
  const iso = typeof date === "string" ? date : date.toISOString();
  const text = iso.slice(0, opts.seconds ? 19 : 16).replace("T", " ");
  return opts.utcSuffix === false ? text : `${text} UTC`;
}

export function formatDate(date: Date | string): string {
  return (typeof date === "string" ? date : date.toISOString()).slice(0, 10);
}
