// The create-link schema, which the form runs in the browser and the action on the server: a chosen
// expiry date must be a day of the calendar (JavaScript's Date would roll 2026-02-30 over to 2 March).
import { createLinkSchema, isCalendarDate } from "@/lib/links/schemas";

const onDate = (expiresOn: string) => createLinkSchema.safeParse({ fileId: "file_1", expiry: "date", expiresOn });
const messages = (expiresOn: string) => {
  const result = onDate(expiresOn);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

it.each(["2026-02-28", "2028-02-29", "2000-02-29", "2026-04-30", "2026-12-31", "2026-01-01"])("takes %s", (date) => {
  expect(isCalendarDate(date)).toBe(true);
  expect(onDate(date).success).toBe(true);
});

it.each(["2026-02-29", "2026-02-30", "2100-02-29", "2026-04-31", "2026-06-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32"])(
  "refuses %s, which does not exist",
  (date) => {
    expect(isCalendarDate(date)).toBe(false);
    expect(messages(date)).toEqual(["expiresOn: That date does not exist."]);
  },
);

it.each(["2026-2-3", "26-02-03", "2026/02/03", "2026-02-03T00:00", " 2026-02-03", "tomorrow", "+02026-02-03"])(
  "asks for a date when given %j",
  (text) => {
    expect(isCalendarDate(text)).toBe(false);
    expect(messages(text)).toEqual(["expiresOn: Pick a date."]);
  },
);

it("asks for a date when none was picked", () => {
  expect(messages("")).toEqual(["expiresOn: Pick a date."]);
});
