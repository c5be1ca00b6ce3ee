// A sign-in's browser and system in a few words ("Firefox on Linux"), for the account's activity. Only this
// summary is stored, never the user agent itself, which says far more about a person's machine.
import Bowser from "bowser";

export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  const browser = parsed.browser.name || null;
  const os = parsed.os.name || null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os;
}
