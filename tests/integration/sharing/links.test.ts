// Public links over real HTTP: every unavailable link answers the same 404, guessing tokens ends in a
// 429, passwords unlock one link only and are throttled per link and per address, and a link that
// expires while its page is open stops serving the file. The server trusts X-Forwarded-For here, so
// each test can be its own client address and no test's throttling reaches another.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { bytesOf, sha256 } from "../../support/sample-files";
import { readBody, waitFor, type UploadedFile } from "../../support/upload";
import type { Client } from "../../support/http-client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ACTION_FILES } from "../../support/action-files";
import { BIDI_OR_INVISIBLE, CONTROL } from "../../support/display-name-rules";
import {
  createLink,
  createLinkResult,
  deleteFile,
  linkCounts,
  member,
  resultOf,
  revokeLink,
  unknownToken,
  unlockLink,
  uploadFile,
  visitor,
  type CreatedLink,
  type Member,
} from "../../support/sharing";

// The project's testTimeout does not reach hooks in a multi-project run: set it here.
jest.setTimeout(60_000);

const NOT_AVAILABLE_TEXT = "This link is not available.";
const LINK_MISS_LIMIT = 20;

let server: TestServer;
let alice: Member;
let file: UploadedFile;
const data = bytesOf("links", 100_000);

// Every test gets addresses of its own from a documentation range, so throttling never leaks between tests.
let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++}`;

beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  alice = await member(server);
  file = await uploadFile(alice, "links-sample.bin", data);
});

afterAll(async () => {
  await server?.stop();
});

type Answer = { status: number; contentType: string | null; body: string; headers: Headers };

async function answer(client: Client, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await client.fetch(path, init);
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: await response.text(),
    headers: response.headers,
  };
}

/**
 * The 404 page with what legitimately differs between two requests taken out: the token itself (it is in
 * the URL the page renders), the per-request CSP nonce, and the order in which Next streams the rows of
 * its payload (they are sorted). What is left must not tell the link states apart.
 */
function normalisePage(html: string, token: string): string[] {
  return (
    html
      .split(token)
      .join("<token>")
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/\\"nonce\\":\\"[^"\\]*\\"/g, '\\"nonce\\":\\"\\"')
      // Where React's stream splits its payload into script tags depends on timing (the link page's 404 asks the
      // database why the link is gone): the same payload split elsewhere is the same page.
      .replaceAll('"])</script><script nonce="">self.__next_f.push([1,"', "")
      .split("\\n")
      .sort()
  );
}

async function expectWorks(link: CreatedLink) {
  const client = visitor(server, freshAddress());
  expect((await client.get(link.path)).status).toBe(200);
}

describe("labels", () => {
  it("are one line of visible text: newlines, NUL, ESC and bidi overrides reach neither the database, the activity, the audit trail nor the page", async () => {
    const raw = "team\nfolder\u0000 \u001b[31mred\u001b[0m \u202Eevil.exe\u202C\t\u200B live ";
    const link = await createLink(alice, file.id, { label: raw });
    const clean = "team folder [31mred[0m evil.exe live";
    expect((await db.link.findUniqueOrThrow({ where: { id: link.id } })).label).toBe(clean);
    const activity = await db.activity.findMany({ where: { linkId: link.id } });
    const audit = await db.auditEvent.findMany({ where: { userId: alice.id, kind: "link.created", peer: { contains: "team" } } });
    expect(activity.length).toBeGreaterThan(0);
    expect(audit.length).toBeGreaterThan(0);
    for (const text of [...activity.map((a) => a.subject ?? ""), ...audit.flatMap((a) => [a.peer ?? "", a.detail ?? ""])]) {
      expect(text).not.toMatch(CONTROL);
      expect(text).not.toMatch(BIDI_OR_INVISIBLE);
      expect(text).toContain(clean);
    }
    const page = await (await alice.client.get(`/files/${file.id}`)).text();
    expect(page).toContain(clean);
    expect(page).not.toMatch(BIDI_OR_INVISIBLE);

    // A label of nothing visible is no label; one longer than 80 characters is refused, counted after cleaning.
    const blank = await createLink(alice, file.id, { label: "\u202E\u0000 \n\u200B" });
    expect((await db.link.findUniqueOrThrow({ where: { id: blank.id } })).label).toBeNull();
    expect((await createLinkResult(alice.client, file.id, { label: `${"x".repeat(80)}\u0000\u0000` })).ok).toBe(true);
    expect(await createLinkResult(alice.client, file.id, { label: "é".repeat(81) })).toMatchObject({
      ok: false,
      fieldErrors: { label: ["Use at most 80 characters."] },
    });
  });
});

describe("unavailable links", () => {
  let reference: { page: Answer; download: Answer; token: string };

  beforeAll(async () => {
    const client = visitor(server, freshAddress());
    const token = unknownToken("reference");
    reference = { page: await answer(client, `/s/${token}`), download: await answer(client, `/s/${token}/download`), token };
  });

  it('answers an unknown token with the "Link not available" page and a plain 404 download', () => {
    expect(reference.page.status).toBe(404);
    expect(reference.page.contentType).toMatch(/^text\/html/);
    expect(reference.page.body).toContain("Link not available");
    expect(reference.page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reference.download.status).toBe(404);
    expect(reference.download.body).toBe(NOT_AVAILABLE_TEXT);
    expect(reference.download.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reference.download.headers.get("x-robots-tag")).toBe("noindex, nofollow");
  });

  const states: [string, () => Promise<string>][] = [
    ["a malformed token", async () => "not-a-token"],
    [
      "an expired link",
      async () => {
        const link = await createLink(alice, file.id, { expiry: "1d" });
        await expectWorks(link);
        await db.link.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
        return link.token;
      },
    ],
    [
      "a revoked link",
      async () => {
        const link = await createLink(alice, file.id, { label: "to revoke" });
        await expectWorks(link);
        expect(await revokeLink(alice.client, file.id, link.id)).toMatchObject({ ok: true, message: 'Link "to revoke" revoked.' });
        return link.token;
      },
    ],
    [
      "a used-up link",
      async () => {
        const link = await createLink(alice, file.id, { maxDownloads: 1 });
        const got = await readBody(await visitor(server, freshAddress()).get(link.downloadPath));
        expect(got.status).toBe(200);
        expect(got.sha256).toBe(sha256(data));
        expect(await waitFor(async () => (await linkCounts(link.id)).downloadCount === 1)).toBe(true);
        return link.token;
      },
    ],
    [
      "a link to a deleted file",
      async () => {
        const doomed = await uploadFile(alice, "doomed.bin", bytesOf("doomed", 1_000));
        const link = await createLink(alice, doomed.id);
        await expectWorks(link);
        expect(await deleteFile(alice.client, doomed.id)).toMatchObject({ ok: true });
        return link.token;
      },
    ],
    [
      "a link of a disabled owner",
      async () => {
        const dave = await member(server);
        const daves = await uploadFile(dave, "daves.bin", bytesOf("dave", 1_000));
        const link = await createLink(dave, daves.id);
        await expectWorks(link);
        await db.user.update({ where: { id: dave.id }, data: { disabled: true } });
        return link.token;
      },
    ],
  ];

  // Whoever holds an expired, revoked or used-up link's token reads why it stopped working; the status is the same
  // 404 as for a token that names nothing, and the download answers identically (docs/decisions/057).
  const SAYS: Record<string, string> = {
    "an expired link": "This link has expired",
    "a revoked link": "This link was turned off",
    "a used-up link": "No downloads left",
  };

  it.each(states)("answers %s with the same 404 as an unknown token, on the page and the download", async (state, prepare) => {
    const token = await prepare();
    const client = visitor(server, freshAddress());
    const page = await answer(client, `/s/${token}`);
    expect(page.status).toBe(404);
    expect(page.contentType).toBe(reference.page.contentType);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    if (SAYS[state]) {
      expect(page.body).toContain(SAYS[state]);
      expect(page.body).not.toContain("Link not available");
      // Nothing about the file: not its name.
      expect(page.body).not.toContain("links-sample.bin");
    } else {
      expect(normalisePage(page.body, token)).toEqual(normalisePage(reference.page.body, reference.token));
    }

    for (const method of ["GET", "HEAD"]) {
      const got = await answer(client, `/s/${token}/download`, { method });
      expect(got.status).toBe(404);
      expect(got.contentType).toBe(reference.download.contentType);
      expect(got.body).toBe(method === "GET" ? reference.download.body : "");
      expect(got.headers.get("content-disposition")).toBeNull();
    }
  });
});

describe("guessing tokens", () => {
  async function expectBlocked(client: Client, path: string) {
    const response = await client.get(path);
    const body = await response.text();
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60);
    expect(body).not.toContain("links-sample.bin");
  }

  it("answers 429 with Retry-After once an address has missed too often, on every link path", async () => {
    const link = await createLink(alice, file.id, { label: "real" });
    const guesser = visitor(server, freshAddress());
    for (let i = 0; i < LINK_MISS_LIMIT; i++) {
      const miss = await guesser.get(`/s/${unknownToken(`guess-${i}`)}`);
      await miss.arrayBuffer();
      expect(miss.status).toBe(404);
    }
    await expectBlocked(guesser, `/s/${unknownToken("one-more")}`);
    await expectBlocked(guesser, `/s/${unknownToken("one-more")}/download`);
    // Blocked means blocked: a right token does not answer differently from a wrong one.
    await expectBlocked(guesser, link.path);
    await expectBlocked(guesser, link.downloadPath);
    // Another address is not affected.
    const other = visitor(server, freshAddress());
    expect((await other.get(link.path)).status).toBe(200);
    const got = await readBody(await other.get(link.downloadPath));
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  });

  it("counts misses on the download path toward the same limit", async () => {
    const guesser = visitor(server, freshAddress());
    for (let i = 0; i < LINK_MISS_LIMIT; i++) {
      const miss = await guesser.get(`/s/${unknownToken(`download-guess-${i}`)}/download`);
      expect(await miss.text()).toBe(NOT_AVAILABLE_TEXT);
      expect(miss.status).toBe(404);
    }
    await expectBlocked(guesser, `/s/${unknownToken("download-one-more")}`);
    await expectBlocked(guesser, `/s/${unknownToken("download-one-more")}/download`);
  });

  it("counts unlock attempts with made-up tokens toward the same limit", async () => {
    const link = await createLink(alice, file.id);
    // Sent from a working link's page (a visit there is no miss), so only the action can be counting.
    const unlockFromLinkPage = async (client: Client, token: string) =>
      resultOf(
        await client.callAction<ActionResult>(link.path, ACTION_FILES.link, "unlockLinkAction", [{ token, password: "any password" }]),
      );
    const guesser = visitor(server, freshAddress());
    for (let i = 0; i < LINK_MISS_LIMIT; i++) {
      expect(await unlockFromLinkPage(guesser, unknownToken(`unlock-guess-${i}`))).toEqual({ ok: false, error: NOT_AVAILABLE_TEXT });
    }
    await expectBlocked(guesser, link.path);
    await expectBlocked(guesser, `/s/${unknownToken("unlock-one-more")}`);
    // Tokens of the wrong shape are misses too.
    const other = visitor(server, freshAddress());
    for (const token of ["", "x", "../../etc/passwd", "A".repeat(64)]) {
      expect(await unlockFromLinkPage(other, token)).toEqual({ ok: false, error: NOT_AVAILABLE_TEXT });
    }
    for (let i = 4; i < LINK_MISS_LIMIT; i++) await (await other.get(`/s/${unknownToken(`pad-${i}`)}`)).arrayBuffer();
    await expectBlocked(other, link.path);
  });

  it("does not count visits of a working link as misses", async () => {
    const link = await createLink(alice, file.id);
    const client = visitor(server, freshAddress());
    for (let i = 0; i < LINK_MISS_LIMIT + 5; i++) {
      const page = await client.get(link.path);
      await page.arrayBuffer();
      expect(page.status).toBe(200);
    }
  });
});

describe("passwords", () => {
  const PASSWORD = "correct horse battery staple";

  async function expectLocked(client: Client, link: CreatedLink) {
    const counts = await linkCounts(link.id);
    const page = await client.get(link.path);
    const html = await page.text();
    expect(page.status).toBe(200);
    // Nothing about the file shows before the password: not even its name.
    expect(html).not.toContain("links-sample.bin");
    expect(html).toContain("This file is protected by a password.");
    expect(html).not.toContain(`href="${link.downloadPath}"`);
    const got = await client.get(link.downloadPath);
    const body = Buffer.from(await got.arrayBuffer());
    expect(got.status).toBe(303);
    expect(new URL(got.headers.get("location")!, server.url).pathname).toBe(link.path);
    expect(body.includes(data.subarray(0, 64))).toBe(false);
    expect(await linkCounts(link.id)).toEqual(counts);
  }

  async function expectUnlocked(client: Client, link: CreatedLink) {
    const page = await client.get(link.path);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toContain("This file is protected by a password.");
    expect(html).toContain("links-sample.bin");
    expect(html).toContain(`href="${link.downloadPath}"`);
    const before = await linkCounts(link.id);
    const got = await readBody(await client.get(link.downloadPath));
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
    // The download is counted once the response has closed.
    expect(await waitFor(async () => (await linkCounts(link.id)).downloadCount === before.downloadCount + 1)).toBe(true);
  }

  it("shows the password form and redirects the download to the page until unlocked", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    await expectLocked(visitor(server, freshAddress()), link);
  });

  it("refuses a wrong password and sets no cookie", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const client = visitor(server, freshAddress());
    expect(await unlockLink(client, link.token, `${PASSWORD}!`)).toEqual({
      ok: false,
      error: "That password is not correct.",
      fieldErrors: { password: ["That password is not correct."] },
    });
    expect(client.cookie(`coffer-link-${link.id}`)).toBeUndefined();
    await expectLocked(client, link);
  });

  it("unlocks with the right password: an HttpOnly cookie for this link's path, and the download works", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const client = visitor(server, freshAddress());
    await expectLocked(client, link);
    expect(await unlockLink(client, link.token, PASSWORD)).toMatchObject({ ok: true });
    const cookie = client.cookie(`coffer-link-${link.id}`);
    expect(cookie).toMatchObject({ httpOnly: true, path: link.path });
    expect(cookie!.sameSite?.toLowerCase()).toBe("lax");
    await expectUnlocked(client, link);
    // Another visitor is still asked for the password.
    await expectLocked(visitor(server, freshAddress()), link);
  });

  it("does not let one link's cookie open another link", async () => {
    const first = await createLink(alice, file.id, { password: PASSWORD });
    const second = await createLink(alice, file.id, { password: PASSWORD });
    const owner = visitor(server, freshAddress());
    expect(await unlockLink(owner, first.token, PASSWORD)).toMatchObject({ ok: true });
    const value = owner.cookie(`coffer-link-${first.id}`)!.value;
    await expectUnlocked(owner, first);

    const address = freshAddress();
    const forgeries = [
      // The first link's value under the second link's name (and so for its path).
      `coffer-link-${second.id}=${value}`,
      // The first link's cookie as is, sent to the second link.
      `coffer-link-${first.id}=${value}`,
      // A value with a changed expiry and the old MAC.
      `coffer-link-${second.id}=${Number(value.split(".")[0]) + 3600}.${value.split(".")[1]}`,
      `coffer-link-${second.id}=garbage`,
    ];
    for (const cookie of forgeries) {
      await expectLocked(visitor(server, address, { cookie }), second);
    }
  });

  const TOO_MANY = /^Too many attempts\. Try again in/;

  async function expectRefusedWithoutCheck(client: Client, link: CreatedLink, password = PASSWORD) {
    const refused = await unlockLink(client, link.token, password);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(TOO_MANY), retryAfterSeconds: expect.any(Number) });
    if (refused.ok) throw new Error("unreachable");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(client.cookie(`coffer-link-${link.id}`)).toBeUndefined();
  }

  async function guessWrong(client: Client, link: CreatedLink, i: number) {
    expect(await unlockLink(client, link.token, `wrong ${i} password`)).toMatchObject({
      ok: false,
      error: "That password is not correct.",
    });
  }

  it("guesses from one address do not stop a visitor from another address who knows the password", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const guesser = freshAddress();
    for (let i = 0; i < 10; i++) await guessWrong(visitor(server, guesser), link, i);
    // The link is under attack now: the guessing address waits, even with the right password.
    const late = visitor(server, guesser);
    await expectRefusedWithoutCheck(late, link);
    await expectLocked(late, link);
    // A visitor from another address who knows the password gets in, again and again.
    for (let i = 0; i < 3; i++) {
      const elsewhere = visitor(server, freshAddress());
      expect(await unlockLink(elsewhere, link.token, PASSWORD)).toMatchObject({ ok: true });
      await expectUnlocked(elsewhere, link);
    }
    // The guesser's wait belongs to that link: the same address opens another one.
    const other = await createLink(alice, file.id, { password: PASSWORD });
    expect(await unlockLink(late, other.token, PASSWORD)).toMatchObject({ ok: true });
    await expectUnlocked(late, other);
  });

  it("under attack from many addresses, each address that guessed wrong waits and a new one gets one try", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const guessers = Array.from({ length: 10 }, () => freshAddress());
    for (const [i, address] of guessers.entries()) await guessWrong(visitor(server, address), link, i);
    for (const address of guessers.slice(0, 3)) await expectRefusedWithoutCheck(visitor(server, address), link);
    // A new address is checked once; after a wrong password it waits too.
    const newcomer = freshAddress();
    await guessWrong(visitor(server, newcomer), link, 99);
    await expectRefusedWithoutCheck(visitor(server, newcomer), link);
    // Someone who knows the password still gets in.
    const friend = visitor(server, freshAddress());
    expect(await unlockLink(friend, link.token, PASSWORD)).toMatchObject({ ok: true });
    await expectUnlocked(friend, link);
  });

  it("keeps a visitor who unlocked the link before the attack in, with or without their cookie", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const address = freshAddress();
    const friend = visitor(server, address);
    // A typo first: knowing the password forgives it.
    await guessWrong(friend, link, 0);
    expect(await unlockLink(friend, link.token, PASSWORD)).toMatchObject({ ok: true });

    const attacker = freshAddress();
    // The friend's typo was the link's first failure: the attacker gets the other nine.
    for (let i = 0; i < 12; i++) {
      const answer = await unlockLink(visitor(server, attacker), link.token, `wrong ${i} password`);
      expect(answer).toMatchObject({ ok: false, error: i < 9 ? "That password is not correct." : expect.stringMatching(TOO_MANY) });
    }
    await expectUnlocked(friend, link);
    // The same person in a new browser (no cookie) from the same address is checked, not held off.
    const newBrowser = visitor(server, address);
    await expectLocked(newBrowser, link);
    expect(await unlockLink(newBrowser, link.token, PASSWORD)).toMatchObject({ ok: true });
    await expectUnlocked(newBrowser, link);
  });

  it("holds the limits when wrong attempts arrive all at once", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    const address = freshAddress();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => unlockLink(visitor(server, address), link.token, `wrong ${i} password`)),
    );
    const checked = results.filter((r) => !r.ok && r.error === "That password is not correct.").length;
    const throttled = results.filter((r) => !r.ok && TOO_MANY.test(r.error)).length;
    expect(checked + throttled).toBe(25);
    // No more passwords are tried from one address than the link allows before it is under attack.
    expect(checked).toBeLessThanOrEqual(10);
    await expectRefusedWithoutCheck(visitor(server, address), link);

    // Under attack, a new address's parallel attempts get one check between them.
    const newcomer = freshAddress();
    const burst = await Promise.all(
      Array.from({ length: 5 }, (_, i) => unlockLink(visitor(server, newcomer), link.token, `also wrong ${i}`)),
    );
    expect(burst.filter((r) => !r.ok && r.error === "That password is not correct.")).toHaveLength(1);
    expect(burst.filter((r) => !r.ok && TOO_MANY.test(r.error))).toHaveLength(4);

    const elsewhere = visitor(server, freshAddress());
    expect(await unlockLink(elsewhere, link.token, PASSWORD)).toMatchObject({ ok: true });
  });

  it("stops checking passwords from an address after 20 wrong attempts across links", async () => {
    const links = await Promise.all([1, 2, 3, 4].map(() => createLink(alice, file.id, { password: PASSWORD })));
    const address = freshAddress();
    const attempts: [CreatedLink, number][] = [
      [links[0], 9],
      [links[1], 9],
      [links[2], 2],
    ];
    for (const [link, count] of attempts) {
      for (let i = 0; i < count; i++) {
        expect(await unlockLink(visitor(server, address), link.token, `wrong ${i} password`)).toMatchObject({
          ok: false,
          error: "That password is not correct.",
        });
      }
    }
    const blocked = visitor(server, address);
    const refused = await unlockLink(blocked, links[3].token, PASSWORD);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts/) });
    await expectLocked(blocked, links[3]);
    // No link reached its own limit: from another address the right password still works.
    const elsewhere = visitor(server, freshAddress());
    expect(await unlockLink(elsewhere, links[3].token, PASSWORD)).toMatchObject({ ok: true });
    await expectUnlocked(elsewhere, links[3]);
  });

  it("answers an unlock attempt on an unavailable link like one on an unknown link", async () => {
    const link = await createLink(alice, file.id, { password: PASSWORD });
    await db.link.update({ where: { id: link.id }, data: { revokedAt: new Date() } });
    const client = visitor(server, freshAddress());
    expect(await unlockLink(client, link.token, PASSWORD)).toEqual({ ok: false, error: "This link is not available." });
    expect(await unlockLink(client, unknownToken("unlock"), PASSWORD)).toEqual({ ok: false, error: "This link is not available." });
    expect(client.cookie(`coffer-link-${link.id}`)).toBeUndefined();
  });
});

describe("expiry", () => {
  it("stops the download of a link that expires while its page is open", async () => {
    const link = await createLink(alice, file.id, { expiry: "7d" });
    const client = visitor(server, freshAddress());
    const page = await client.get(link.path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="${link.downloadPath}"`);

    await db.link.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const got = await client.get(link.downloadPath);
    expect(got.status).toBe(404);
    expect(await got.text()).toBe(NOT_AVAILABLE_TEXT);
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
    expect((await client.get(link.path)).status).toBe(404);
  });

  it("sets the expiry the owner picked, and refuses a date in the past", async () => {
    const before = Date.now();
    const hour = await createLink(alice, file.id, { expiry: "1h" });
    const row = await db.link.findUniqueOrThrow({ where: { id: hour.id } });
    expect(row.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 60 * 60 * 1000 - 1_000);
    expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000 + 1_000);

    const onDate = await createLink(alice, file.id, { expiry: "date", expiresOn: "2999-01-31" });
    expect((await db.link.findUniqueOrThrow({ where: { id: onDate.id } })).expiresAt!.toISOString()).toBe("2999-01-31T23:59:59.999Z");

    const links = await db.link.count();
    expect(await createLinkResult(alice.client, file.id, { expiry: "date", expiresOn: "2001-01-01" })).toMatchObject({
      ok: false,
      fieldErrors: { expiresOn: ["Pick a date in the future."] },
    });
    expect(await db.link.count()).toBe(links);
  });

  it("refuses a date that does not exist instead of rolling it over, and takes 29 February in a leap year", async () => {
    const links = await db.link.count();
    for (const expiresOn of ["2999-02-30", "2999-02-29", "2999-04-31", "2999-13-01", "2999-00-10", "2999-12-32"]) {
      expect(await createLinkResult(alice.client, file.id, { expiry: "date", expiresOn })).toEqual({
        ok: false,
        error: "Please correct the highlighted fields.",
        fieldErrors: { expiresOn: ["That date does not exist."] },
      });
    }
    expect(await db.link.count()).toBe(links);

    const leap = await createLink(alice, file.id, { expiry: "date", expiresOn: "2996-02-29" });
    expect((await db.link.findUniqueOrThrow({ where: { id: leap.id } })).expiresAt!.toISOString()).toBe("2996-02-29T23:59:59.999Z");
  });
});
