// What the session list shows of a browser: its name and its operating system, nothing more.
import { UAParser } from "ua-parser-js";

export function describeUserAgent(userAgent: string | null | undefined): { browser: string; os: string } {
  const parsed = new UAParser((userAgent ?? "").slice(0, 512)).getResult();
  return {
    browser: parsed.browser.name ? `${parsed.browser.name}${parsed.browser.major ? ` ${parsed.browser.major}` : ""}` : "Unknown browser",
    os: parsed.os.name ? `${parsed.os.name}${parsed.os.version ? ` ${parsed.os.version}` : ""}` : "Unknown system",
  };
}
