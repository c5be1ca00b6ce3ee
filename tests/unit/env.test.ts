import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "@/lib/env";

const GiB = 1024 ** 3;
type Source = Record<string, string | undefined>;

const PUBLIC = "https://files.example.org";
const masterKey = () => `k1:${randomBytes(32).toString("base64url")}`;
const valid = (extra: Source = {}): Source => ({
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  STORAGE_MASTER_KEY: masterKey(),
  DATABASE_URL: `file:${path.join(os.tmpdir(), "coffer-env-test", "coffer.db")}`,
  ...extra,
});
const without = (source: Source, name: string): Source => Object.fromEntries(Object.entries(source).filter(([key]) => key !== name));

function problems(source: Source): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  it("names a missing AUTH_SECRET and says how to get one", () => {
    const message = problems(without(valid(), "AUTH_SECRET"));
    expect(message).toContain("Coffer cannot start");
    expect(message).toMatch(/AUTH_SECRET is missing/);
  });

  it("lists every problem at once", () => {
    const message = problems({ NODE_ENV: "production" });
    expect(message).toMatch(/AUTH_SECRET is missing/);
    expect(message).toMatch(/STORAGE_MASTER_KEY is missing/);
  });

  it("refuses a short secret", () => {
    expect(problems(valid({ AUTH_SECRET: "x7Kq9pL2vR" }))).toMatch(/AUTH_SECRET is too short/);
    expect(problems(valid({ AUTH_SECRET: randomBytes(32).toString("base64url").slice(0, 31) }))).toMatch(/AUTH_SECRET is too short/);
  });

  it("refuses a long but guessable secret", () => {
    expect(problems(valid({ AUTH_SECRET: "a".repeat(40) }))).toMatch(/AUTH_SECRET is too weak/);
    expect(problems(valid({ AUTH_SECRET: "abcdefghi".repeat(4) }))).toMatch(/AUTH_SECRET is too weak/);
  });

  it("accepts a 32-character random secret", () => {
    expect(parseEnv(valid({ AUTH_SECRET: randomBytes(24).toString("base64url") })).AUTH_SECRET).toHaveLength(32);
  });

  it.each([
    ["no id", randomBytes(32).toString("base64url")],
    ["a short key", `k1:${randomBytes(16).toString("base64url")}`],
    ["a long key", `k1:${randomBytes(33).toString("base64url")}`],
    ["a bad character", `k1:${randomBytes(32).toString("base64url")}!`],
    ["duplicate ids", `k1:${randomBytes(32).toString("base64url")},k1:${randomBytes(32).toString("base64url")}`],
    ["nothing", " , "],
  ])("refuses a master key with %s", (_case, value) => {
    expect(problems(valid({ STORAGE_MASTER_KEY: value }))).toMatch(/STORAGE_MASTER_KEY /);
  });

  it("parses several master keys, the first one current", () => {
    const first = randomBytes(32);
    const env = parseEnv(valid({ STORAGE_MASTER_KEY: `new:${first.toString("base64url")}, old:${randomBytes(32).toString("base64url")}` }));
    expect(env.STORAGE_MASTER_KEY.map((k) => k.id)).toEqual(["new", "old"]);
    expect(env.STORAGE_MASTER_KEY[0].key.equals(first)).toBe(true);
  });

  it("fills in the defaults", () => {
    const env = parseEnv(without(valid(), "DATABASE_URL"));
    expect(env).toMatchObject({
      NODE_ENV: "development",
      DATABASE_URL: "file:./data/coffer.db",
      STORAGE_DIR: "storage",
      PORT: 3000,
      MAX_FILE_SIZE: 2 * GiB,
      USER_QUOTA: 10 * GiB,
      TRUSTED_PROXIES: [],
      LOG_LEVEL: "info",
      secureCookies: false,
    });
    expect(env.BLOCKED_EXTENSIONS.has("exe")).toBe(true);
  });

  it("reads SHUTDOWN_GRACE_SECONDS: 30 by default, 0 to an hour", () => {
    expect(parseEnv(valid()).SHUTDOWN_GRACE_SECONDS).toBe(30);
    expect(parseEnv(valid({ SHUTDOWN_GRACE_SECONDS: "0" })).SHUTDOWN_GRACE_SECONDS).toBe(0);
    expect(parseEnv(valid({ SHUTDOWN_GRACE_SECONDS: "3600" })).SHUTDOWN_GRACE_SECONDS).toBe(3600);
    expect(problems(valid({ SHUTDOWN_GRACE_SECONDS: "-1" }))).toMatch(/SHUTDOWN_GRACE_SECONDS .*at least 0/);
    expect(problems(valid({ SHUTDOWN_GRACE_SECONDS: "2.5" }))).toMatch(/SHUTDOWN_GRACE_SECONDS .*whole number/);
    expect(problems(valid({ SHUTDOWN_GRACE_SECONDS: "3601" }))).toMatch(/SHUTDOWN_GRACE_SECONDS .*at most 3600/);
    expect(problems(valid({ SHUTDOWN_GRACE_SECONDS: "soon" }))).toMatch(/SHUTDOWN_GRACE_SECONDS /);
  });

  it("reads the optional values", () => {
    const env = parseEnv(
      valid({
        PORT: "8080",
        HOST: "127.0.0.1",
        STORAGE_DIR: "/srv/blobs",
        TRUSTED_PROXIES: "127.0.0.1, ::1, 10.0.0.0/8",
        LOG_LEVEL: "warn",
        MAX_FILE_SIZE: "1024",
      }),
    );
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      STORAGE_DIR: "/srv/blobs",
      TRUSTED_PROXIES: ["127.0.0.1", "::1", "10.0.0.0/8"],
      LOG_LEVEL: "warn",
      MAX_FILE_SIZE: 1024,
    });
    expect(parseEnv(valid()).HOST).toBeUndefined();
    expect(problems(valid({ TRUST_PROXY: "true" }))).toMatch(
      /TRUST_PROXY is no longer read: list the addresses of your reverse proxies in TRUSTED_PROXIES/,
    );
    expect(problems(valid({ TRUSTED_PROXIES: "127.0.0.1, my-proxy" }))).toMatch(
      /TRUSTED_PROXIES "my-proxy" is not an IP address or CIDR range/,
    );
    expect(problems(valid({ PORT: "99999" }))).toMatch(/PORT /);
    expect(problems(valid({ LOG_LEVEL: "loud" }))).toMatch(/LOG_LEVEL /);
  });

  it("uses secure cookies in production by default", () => {
    expect(parseEnv(valid({ NODE_ENV: "production", APP_URL: PUBLIC })).secureCookies).toBe(true);
    expect(parseEnv(valid({ NODE_ENV: "test" })).secureCookies).toBe(false);
  });

  it("lets COOKIE_SECURE override the default either way", () => {
    expect(parseEnv(valid({ NODE_ENV: "production", APP_URL: PUBLIC, COOKIE_SECURE: "false" })).secureCookies).toBe(false);
    expect(parseEnv(valid({ NODE_ENV: "production", APP_URL: PUBLIC, COOKIE_SECURE: "0" })).secureCookies).toBe(false);
    expect(parseEnv(valid({ NODE_ENV: "development", COOKIE_SECURE: "true" })).secureCookies).toBe(true);
    expect(parseEnv(valid({ NODE_ENV: "development", COOKIE_SECURE: "1" })).secureCookies).toBe(true);
    expect(problems(valid({ COOKIE_SECURE: "maybe" }))).toMatch(/COOKIE_SECURE /);
  });

  describe("APP_URL, the public origin", () => {
    it("is required in production, with what to set it to", () => {
      const message = problems(valid({ NODE_ENV: "production" }));
      expect(message).toMatch(/APP_URL is missing: set it to the address visitors use, such as https:\/\/files\.example\.org/);
      // Named together with the other problems, not after them.
      expect(problems({ NODE_ENV: "production" })).toMatch(/AUTH_SECRET is missing[\s\S]*APP_URL is missing/);
    });

    it("is the server's own address outside production", () => {
      expect(parseEnv(valid()).APP_URL).toBe("http://localhost:3000");
      expect(parseEnv(valid({ NODE_ENV: "test", PORT: "8123" })).APP_URL).toBe("http://localhost:8123");
    });

    it.each([
      ["https://files.example.org", "https://files.example.org"],
      ["https://files.example.org/", "https://files.example.org"],
      ["HTTPS://Files.Example.org:443", "https://files.example.org"],
      ["http://192.168.1.20:3000", "http://192.168.1.20:3000"],
      ["https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"],
    ])("takes %s as the origin %s", (value, origin) => {
      expect(parseEnv(valid({ NODE_ENV: "production", APP_URL: value })).APP_URL).toBe(origin);
    });

    it.each([
      ["a path", "https://example.org/coffer"],
      ["a query", "https://example.org/?a=1"],
      ["an empty query", "https://example.org?"],
      ["a fragment", "https://example.org/#top"],
      ["credentials", "https://user:pass@example.org"],
      ["another scheme", "ftp://example.org"],
      ["a javascript: URL", "javascript:alert(1)"],
      ["no scheme", "files.example.org"],
      ["nonsense", "not a url"],
    ])("refuses %s", (_case, value) => {
      expect(problems(valid({ APP_URL: value }))).toMatch(/APP_URL must be an http or https origin without a path/);
    });
  });
});

describe("parseEnv: the blob store", () => {
  const s3 = (extra: Source = {}): Source =>
    valid({
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "coffer-files",
      S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      S3_SECRET_ACCESS_KEY: "wJalr/XUtnFEMI+K7MDENG bPxRfiCY=",
      ...extra,
    });

  it("keeps blobs on the local disk unless told otherwise, and ignores no S3 setting silently", () => {
    const parsed = parseEnv(valid());
    expect(parsed.STORAGE_DRIVER).toBe("local");
    expect(parsed.s3).toBeNull();
    expect(problems(valid({ STORAGE_DRIVER: "gcs" }))).toMatch(/STORAGE_DRIVER must be "local" \(the default\) or "s3"/);
    // A bucket named while the driver is local is parsed (its files stay readable), and checked like any other.
    expect(parseEnv(s3({ STORAGE_DRIVER: "local" })).s3?.bucket).toBe("coffer-files");
  });

  it("takes the S3 settings exactly as given: a secret with slashes, plus signs and spaces, a prefix with spaces", () => {
    const parsed = parseEnv(s3({ S3_PREFIX: "/teams/a b+c", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" }));
    expect(parsed.s3).toEqual({
      bucket: "coffer-files",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "wJalr/XUtnFEMI+K7MDENG bPxRfiCY=",
      prefix: "teams/a b+c/",
    });
    expect(parseEnv(s3()).s3).toMatchObject({ endpoint: undefined, forcePathStyle: false, prefix: "" });
  });

  it.each([
    [{ S3_BUCKET: undefined }, /S3_BUCKET is missing/],
    [{ S3_BUCKET: "s3://coffer-files/blobs" }, /S3_BUCKET must be the bucket's name alone/],
    [{ S3_BUCKET: "my bucket" }, /S3_BUCKET must be the bucket's name alone/],
    [{ S3_ACCESS_KEY_ID: undefined }, /S3_ACCESS_KEY_ID is missing/],
    [{ S3_SECRET_ACCESS_KEY: "" }, /S3_SECRET_ACCESS_KEY is missing/],
    [{ S3_ENDPOINT: "minio:9000" }, /S3_ENDPOINT must be an http:\/\/ or https:\/\/ address/],
    [{ S3_ENDPOINT: "https://s3.example.org/coffer-files" }, /S3_ENDPOINT must be the store's address alone/],
    [{ S3_ENDPOINT: "https://key:secret@s3.example.org" }, /S3_ENDPOINT must be the store's address alone/],
    [{ S3_FORCE_PATH_STYLE: "yes" }, /S3_FORCE_PATH_STYLE must be true or false/],
    [{ S3_REGION: "eu central" }, /S3_REGION "eu central" is not a region name/],
    [{ S3_PREFIX: "a//b" }, /S3_PREFIX must be a folder/],
    [{ S3_PREFIX: "a/../b" }, /S3_PREFIX must be a folder/],
  ])("refuses %j with a clear message", (extra, message) => {
    expect(problems(s3(extra as Source))).toMatch(message);
  });

  it("lists every S3 problem at once", () => {
    const message = problems(valid({ STORAGE_DRIVER: "s3" }));
    expect(message).toMatch(/S3_BUCKET is missing/);
    expect(message).toMatch(/S3_ACCESS_KEY_ID is missing/);
    expect(message).toMatch(/S3_SECRET_ACCESS_KEY is missing/);
  });
});

describe("parseEnv: mail", () => {
  const mail = (extra: Source) => parseEnv(valid(extra)).mail;

  it("leaves mail off without SMTP_URL", () => {
    expect(mail({})).toBeNull();
  });

  it("reads smtps:// as TLS from the first byte (465 by default) and smtp:// as STARTTLS required (587 by default)", () => {
    expect(mail({ SMTP_URL: "smtps://coffer:s%40cret@mail.example.org", MAIL_FROM: "Coffer <coffer@example.org>" })).toEqual({
      smtp: { host: "mail.example.org", port: 465, tls: "implicit", auth: { user: "coffer", pass: "s@cret" } },
      from: { name: "Coffer", address: "coffer@example.org" },
    });
    expect(mail({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "coffer@example.org" })).toEqual({
      smtp: { host: "mail.example.org", port: 587, tls: "starttls" },
      from: { address: "coffer@example.org" },
    });
    // Any port, either way: the scheme decides TLS, never the port number.
    expect(mail({ SMTP_URL: "smtp://mail.example.org:465", MAIL_FROM: "coffer@example.org" })?.smtp).toMatchObject({
      port: 465,
      tls: "starttls",
    });
    expect(mail({ SMTP_URL: "smtps://mail.example.org:2525", MAIL_FROM: "coffer@example.org" })?.smtp).toMatchObject({
      port: 2525,
      tls: "implicit",
    });
  });

  it("allows plain text only to a relay on this machine", () => {
    expect(mail({ SMTP_URL: "smtp://localhost:25?tls=none", MAIL_FROM: "coffer@example.org" })?.smtp).toMatchObject({
      tls: "none",
      port: 25,
    });
    expect(mail({ SMTP_URL: "smtp://[::1]:25?tls=none", MAIL_FROM: "coffer@example.org" })?.smtp).toMatchObject({
      tls: "none",
      host: "::1",
    });
    expect(problems(valid({ SMTP_URL: "smtp://mail.example.org:25?tls=none", MAIL_FROM: "coffer@example.org" }))).toMatch(
      /SMTP_URL \?tls=none sends passwords and mail in plain text: it is allowed only to a relay on this machine/,
    );
    expect(problems(valid({ SMTP_URL: "smtps://localhost?tls=none", MAIL_FROM: "coffer@example.org" }))).toMatch(/only with smtp:\/\//);
  });

  it.each([
    ["another scheme", "https://mail.example.org", /must start with smtps:\/\/ \(TLS\) or smtp:\/\/ \(STARTTLS\)/],
    ["not a URL", "mail.example.org:587", /SMTP_URL/],
    ["a path", "smtp://mail.example.org/relay", /must not have a path/],
    ["an unknown option", "smtp://mail.example.org?secure=false", /unknown option \(secure\)/],
  ])("refuses %s", (_case, url, message) => {
    expect(problems(valid({ SMTP_URL: url, MAIL_FROM: "coffer@example.org" }))).toMatch(message);
  });

  it("never repeats the SMTP password in its message", () => {
    const message = problems(valid({ SMTP_URL: "smtp://user:hunter2-secret@mail.example.org/x", MAIL_FROM: "coffer@example.org" }));
    expect(message).not.toContain("hunter2-secret");
  });

  it("wants MAIL_FROM with SMTP_URL, as a valid address, and neither without the other", () => {
    expect(problems(valid({ SMTP_URL: "smtp://mail.example.org" }))).toMatch(/MAIL_FROM is missing/);
    expect(problems(valid({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "Coffer <not an address>" }))).toMatch(
      /MAIL_FROM must be an address/,
    );
    expect(problems(valid({ MAIL_FROM: "coffer@example.org" }))).toMatch(/MAIL_FROM is set but SMTP_URL is not/);
  });

  it("reads SMTP_CA_FILE and refuses one that is missing or holds no certificate", () => {
    expect(
      problems(valid({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "a@example.org", SMTP_CA_FILE: "/nonexistent/ca.pem" })),
    ).toMatch(/cannot be read: SMTP_CA_FILE \/nonexistent\/ca.pem \(ENOENT\)/);
    expect(problems(valid({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "a@example.org", SMTP_CA_FILE: __filename }))).toMatch(
      /holds no PEM certificate/,
    );
  });
});
