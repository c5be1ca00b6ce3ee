// Times in the reader's time zone: the server (which does not know it) renders the neutral UTC form, and once React
// has hydrated that markup in the browser, the same element shows the browser's local time in one format, the zone
// on hover. This file's "browser" is in Tokyo (UTC+9), so local and UTC differ by a day here: jsdom has no zone of
// its own and Node reads TZ once, so the zone a browser would default to is given to Intl.DateTimeFormat instead (the
// browser tests run Chromium in a chosen zone too: tests/e2e/files.spec.ts).
import { act } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { LocalTime, RelativeTime } from "@/components/ui/relative-time";
import { formatLocalDateTime } from "@/lib/format-local-time";

const at = "2026-12-02T21:45:10.000Z";

const RealDateTimeFormat = Intl.DateTimeFormat;
beforeAll(() => {
  const inTokyo = function (locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
    return new RealDateTimeFormat(locales, { ...options, timeZone: options?.timeZone ?? "Asia/Tokyo" });
  };
  Intl.DateTimeFormat = Object.assign(inTokyo, { supportedLocalesOf: RealDateTimeFormat.supportedLocalesOf }) as never;
});
afterAll(() => {
  Intl.DateTimeFormat = RealDateTimeFormat;
});

async function serverThenBrowser(element: React.ReactElement) {
  const html = renderToString(element);
  const container = document.createElement("div");
  container.innerHTML = html;
  document.body.appendChild(container);
  const errors: unknown[] = [];
  await act(async () => {
    hydrateRoot(container, element, { onRecoverableError: (error) => errors.push(error) });
  });
  return { html, container, errors };
}

it("an exact time: UTC, said so, from the server; the reader's zone and one format once hydrated", async () => {
  const { html, container, errors } = await serverThenBrowser(<LocalTime date={new Date(at)} />);
  expect(html).toContain("2026-12-02 21:45 UTC");
  expect(errors).toEqual([]); // the first render in the browser matches the server's: no hydration mismatch
  const time = container.querySelector("time")!;
  expect(time.textContent).toBe("3 Dec 2026, 06:45");
  expect(time.getAttribute("title")).toBe("3 Dec 2026, 06:45 GMT+9");
  expect(time.getAttribute("datetime")).toBe(at);
});

it("a day alone is the reader's day", async () => {
  const { container } = await serverThenBrowser(<LocalTime date={at} dateOnly />);
  expect(container.querySelector("time")!.textContent).toBe("3 Dec 2026");
});

it("a recent event reads relative, with the exact local time on hover and for screen readers", async () => {
  const recent = new Date(Date.now() - 5 * 60_000);
  const { html, container, errors } = await serverThenBrowser(<RelativeTime date={recent} now={new Date()} />);
  expect(html).toContain("UTC");
  expect(errors).toEqual([]);
  const time = container.querySelector("time")!;
  expect(time.textContent).toMatch(/^5 minutes ago \(\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d:\d\d GMT\+9\)$/);
  expect(time.getAttribute("title")).toBe(formatLocalDateTime(recent, { seconds: true, zone: true }));
  expect(time.textContent).not.toContain("UTC");
});

it("past a year, the day itself in the reader's format", async () => {
  const { container } = await serverThenBrowser(<RelativeTime date="2024-01-01T20:00:00.000Z" />);
  expect(container.querySelector("time")!.firstChild!.textContent).toBe("2 Jan 2024");
});

it("formats any zone alike", () => {
  expect(formatLocalDateTime(at, { timeZone: "Europe/Berlin" })).toBe("2 Dec 2026, 22:45");
  expect(formatLocalDateTime(at, { timeZone: "America/New_York", zone: true })).toBe("2 Dec 2026, 16:45 GMT-5");
});
