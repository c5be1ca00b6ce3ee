// The cookie that opens one password-protected link for an hour (lib/links/unlock-cookie.ts).
import { randomBytes } from "node:crypto";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
process.env.STORAGE_MASTER_KEY = `k1:${randomBytes(32).toString("base64url")}`;

type UnlockCookie = typeof import("@/lib/links/unlock-cookie");
let cookie: UnlockCookie;

beforeAll(async () => {
  cookie = await import("@/lib/links/unlock-cookie");
});

const NOW = Date.UTC(2026, 10, 1, 12);

it("opens the link it was made for, until it expires", () => {
  const value = cookie.unlockCookieValue("link_a", NOW);
  expect(cookie.isUnlocked("link_a", value, NOW)).toBe(true);
  expect(cookie.isUnlocked("link_a", value, NOW + (cookie.UNLOCK_TTL_SECONDS - 1) * 1000)).toBe(true);
  expect(cookie.isUnlocked("link_a", value, NOW + (cookie.UNLOCK_TTL_SECONDS + 1) * 1000)).toBe(false);
});

it("opens no other link", () => {
  expect(cookie.isUnlocked("link_b", cookie.unlockCookieValue("link_a", NOW), NOW)).toBe(false);
});

it("refuses a changed expiry, a changed MAC and nonsense", () => {
  const [expires, mac] = cookie.unlockCookieValue("link_a", NOW).split(".");
  expect(cookie.isUnlocked("link_a", `${Number(expires) + 3600}.${mac}`, NOW)).toBe(false);
  expect(cookie.isUnlocked("link_a", `${expires}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`, NOW)).toBe(false);
  for (const value of [undefined, "", ".", `${expires}.`, "abc.def", `x${expires}.${mac}`]) {
    expect(cookie.isUnlocked("link_a", value, NOW)).toBe(false);
  }
});

it("refuses a valid value with anything after it: only the exact value it wrote opens the link", () => {
  const value = cookie.unlockCookieValue("link_a", NOW);
  expect(cookie.isUnlocked("link_a", value, NOW)).toBe(true);
  for (const suffix of [".", ".x", `.${value}`, "..", "x", "=", " ", "%00", "\u0000", "\n"]) {
    expect(cookie.isUnlocked("link_a", `${value}${suffix}`, NOW)).toBe(false);
  }
  for (const prefix of [" ", "0", "+", "."]) {
    expect(cookie.isUnlocked("link_a", `${prefix}${value}`, NOW)).toBe(false);
  }
});

it("refuses an expiry written any other way than plain digits", () => {
  const value = cookie.unlockCookieValue("link_a", NOW);
  const [expires, mac] = value.split(".");
  for (const written of [`${expires}.0`, `${Number(expires).toExponential()}`, `0x${Number(expires).toString(16)}`, ` ${expires}`]) {
    expect(cookie.isUnlocked("link_a", `${written}.${mac}`, NOW)).toBe(false);
  }
});

it("is named after the link, so two links' cookies never collide", () => {
  expect(cookie.unlockCookieName("link_a")).not.toBe(cookie.unlockCookieName("link_b"));
});
