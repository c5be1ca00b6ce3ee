// A link's download limit over real HTTP: concurrent downloads get exactly the slots there are, only a
// finished transfer counts (an aborted one gives its slot back), a byte range counts as a download, and
// visiting the page (as people and chat-app previews do) counts as nothing.
import http from "node:http";
import net from "node:net";
import { db, readInOneSnapshot } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { bytesAt, bytesOf, sha256 } from "../../support/sample-files";
import { readBody, streamUpload, waitFor, type UploadedFile } from "../../support/upload";
import { createLink, linkCounts, member, uploadFile, visitor, type CreatedLink, type Member } from "../../support/sharing";
import type { Client } from "../../support/http-client";

// The project's testTimeout does not reach hooks in a multi-project run: set it here.
jest.setTimeout(120_000);

const MB = 1024 * 1024;
let server: TestServer;
let alice: Member;

beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  alice = await member(server);
});

afterAll(async () => {
  await server?.stop();
});

let nextAddress = 1;
const freshAddress = () => `203.0.113.${nextAddress++}`;

async function linkDownloads(linkId: string) {
  return db.activity.count({ where: { linkId, kind: "download.link" } });
}

/** Waits until the link's counters settle (completion and release run just after the response closes). */
async function settledCounts(linkId: string, expected: { downloadCount: number; claimedCount: number }) {
  await waitFor(async () => {
    const counts = await linkCounts(linkId);
    return counts.downloadCount === expected.downloadCount && counts.claimedCount === expected.claimedCount;
  }, 10_000);
  const counts = await linkCounts(linkId);
  if (counts.downloadCount !== expected.downloadCount || counts.claimedCount !== expected.claimedCount) {
    // Say why: a completion or release hook that failed logs a warning or an error.
    const problems = server
      .logs()
      .split("\n")
      .filter((line) => /"level":(40|50|60)/.test(line));
    console.error(`link counters did not settle on ${JSON.stringify(expected)}; server warnings and errors:\n${problems.join("\n")}`);
  }
  return counts;
}

describe("concurrent downloads", () => {
  const size = 4 * MB + 123;
  const data = bytesOf("concurrent", size);
  let file: UploadedFile;

  beforeAll(async () => {
    file = await uploadFile(alice, "concurrent.bin", data);
  });

  it("gives a limit of 3 to exactly 3 of 8 simultaneous downloads", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 3 });
    const client = visitor(server, freshAddress());
    // All answers arrive (headers) before any body is read, so the transfers overlap.
    const responses = await Promise.all(Array.from({ length: 8 }, () => client.get(link.downloadPath)));
    const outcomes = await Promise.all(responses.map((response) => readBody(response)));

    const served = outcomes.filter((o) => o.status === 200);
    const refused = outcomes.filter((o) => o.status === 404);
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 200, 200, 404, 404, 404, 404, 404]);
    for (const o of served) {
      expect(o.error).toBeUndefined();
      expect(o.received).toBe(size);
      expect(o.sha256).toBe(sha256(data));
    }
    for (const o of refused) expect(o.received).toBe("This link is not available.".length);

    expect(await settledCounts(link.id, { downloadCount: 3, claimedCount: 3 })).toEqual({ downloadCount: 3, claimedCount: 3 });
    // Each count and its line in the trail are written together.
    expect(await linkDownloads(link.id)).toBe(3);
    expect((await client.get(link.downloadPath)).status).toBe(404);
    expect((await client.get(link.path)).status).toBe(404);
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 3, claimedCount: 3 });
  });
});

/**
 * Looks at a link's grants, count and trail, each look one read transaction, until stopped; answers how many
 * looks it took and what it saw out of step: a grant spent without its "cut off" line, or a grant completed
 * without its count and "was downloaded" line.
 */
function watchTrail(linkId: string) {
  const mismatches = new Set<string>();
  let looks = 0;
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      const [grants, counted, cuts, lines] = await readInOneSnapshot([
        db.linkGrant.findMany({ where: { linkId }, select: { spentAt: true, completedAt: true } }),
        db.link.findUniqueOrThrow({ where: { id: linkId }, select: { downloadCount: true } }),
        db.activity.count({ where: { linkId, kind: "download.link_cut" } }),
        db.activity.count({ where: { linkId, kind: "download.link" } }),
      ]);
      looks++;
      const spent = grants.filter((g) => g.spentAt).length;
      const completed = grants.filter((g) => g.completedAt).length;
      if (spent !== cuts) mismatches.add(`${spent} grant(s) spent, ${cuts} cut-off line(s)`);
      if (completed !== counted.downloadCount || lines !== counted.downloadCount)
        mismatches.add(`${completed} grant(s) completed, ${counted.downloadCount} counted, ${lines} line(s)`);
      await new Promise((resolve) => setImmediate(resolve)); // better-sqlite3 answers synchronously: let the test run
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      return { looks, mismatches: [...mismatches] };
    },
  };
}

describe("aborted transfers", () => {
  const size = 60 * MB + 7;
  let file: UploadedFile;
  let expectedSha: string;

  beforeAll(async () => {
    const sent = await streamUpload(alice.client, { filename: "large.bin", seed: "large", size });
    const answer = await sent.response.text();
    if (sent.response.status !== 201) throw new Error(`upload answered ${sent.response.status}: ${answer}`);
    expectedSha = sent.sentSha256();
    [file] = (JSON.parse(answer) as { files: UploadedFile[] }).files;
  });

  /**
   * Starts a download with node:http, reads about `stopAfter` bytes, and destroys the connection. With a
   * client, its cookies go along and the grant cookie the answer sets is kept in it, as a browser would.
   */
  function abortedDownload(
    link: CreatedLink,
    stopAfter: number,
    address: string,
    client?: Client,
  ): Promise<{ status: number; received: number }> {
    const url = new URL(link.downloadPath, server.url);
    return new Promise((resolve, reject) => {
      const request = http.get(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { "x-forwarded-for": address }, agent: false },
        (response) => {
          client?.keepCookies(response.headers["set-cookie"] ?? []);
          let received = 0;
          response.on("data", (chunk: Buffer) => {
            received += chunk.length;
            if (received >= stopAfter) {
              request.destroy();
              resolve({ status: response.statusCode!, received });
            }
          });
          response.on("end", () => reject(new Error(`the whole file (${received} bytes) arrived before the abort`)));
        },
      );
      request.on("error", (error) => {
        if (!request.destroyed) reject(error);
      });
    });
  }

  it("spends the slot of a transfer cut off at 90%; the same browser resumes it and completes; others get 404; the owner sees both", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const address = freshAddress();
    const browser = visitor(server, address);
    const watch = watchTrail(link.id);

    // The first transfer: read about 90% of the file, then drop the connection.
    const controller = new AbortController();
    const response = await browser.get(link.downloadPath, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const kept: Buffer[] = [];
    let received = 0;
    while (received < size * 0.9) {
      const { value } = await reader.read();
      kept.push(Buffer.from(value!));
      received += value!.byteLength;
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);

    // The slot is spent, nothing counted yet, and the cut-off is in the activity with what was delivered.
    expect(await settledCounts(link.id, { downloadCount: 0, claimedCount: 1 })).toEqual({ downloadCount: 0, claimedCount: 1 });
    const cut = await waitFor(
      async () => (await db.activity.count({ where: { linkId: link.id, kind: "download.link_cut" } })) === 1,
      10_000,
    );
    expect(cut).toBe(true);
    const cutEntry = await db.activity.findFirstOrThrow({ where: { linkId: link.id, kind: "download.link_cut" } });
    expect(Number(cutEntry.bytes)).toBeGreaterThan(64 * 1024);
    // What the server handed to the connection: up to the whole file, when the client left with it in the buffers.
    expect(Number(cutEntry.bytes)).toBeLessThanOrEqual(size);
    expect(cutEntry.totalBytes).toBe(BigInt(size));

    // Another visitor, and the same browser asking for the whole file again, find the link used up.
    expect((await visitor(server, freshAddress()).get(link.downloadPath)).status).toBe(404);
    expect((await browser.get(link.downloadPath)).status).toBe(404);

    // The same browser resumes where it stopped, without spending another slot.
    const resumed = await readBody(await browser.get(link.downloadPath, { headers: { range: `bytes=${received}-` } }), { keep: true });
    expect(resumed.status).toBe(206);
    expect(resumed.headers.get("content-range")).toBe(`bytes ${received}-${size - 1}/${size}`);
    expect(sha256(Buffer.concat([...kept, resumed.bytes!]))).toBe(expectedSha);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
    const events = await db.activity.findMany({
      where: { linkId: link.id, kind: { startsWith: "download." } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.kind)).toEqual(["download.link_cut", "download.link"]);
    expect(events[1]).toMatchObject({ resumed: true, downloadNumber: 1, downloadLimit: 1 });
    // Each grant's change and its line in the trail were written together: no look saw one without the other.
    const { looks, mismatches } = await watch.stop();
    expect(looks).toBeGreaterThan(10);
    expect(mismatches).toEqual([]);

    // Complete, the grant resumes nothing more.
    expect((await browser.get(link.downloadPath, { headers: { range: "bytes=0-99" } })).status).toBe(404);
  });

  it("gives the slot back when the client leaves before the first byte", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const url = new URL(link.downloadPath, server.url);
    const requestLines = () =>
      server
        .logs()
        .split("\n")
        .filter((line) => line.includes('"route":"/s/[token]/download"')).length;
    const linesBefore = requestLines();
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${freshAddress()}\r\n\r\n`, () => {
          socket.destroy();
          resolve();
        }),
      );
    });
    // The server has answered (and logged) the request before its counters are read.
    expect(await waitFor(() => requestLines() > linesBefore, 10_000)).toBe(true);
    expect(await settledCounts(link.id, { downloadCount: 0, claimedCount: 0 })).toEqual({ downloadCount: 0, claimedCount: 0 });
    expect(await linkDownloads(link.id)).toBe(0);
    // The one slot is still there: a whole download succeeds, and then the link is used up.
    const client = visitor(server, freshAddress());
    const full = await readBody(await client.get(link.downloadPath));
    expect(full.error).toBeUndefined();
    expect(full.received).toBe(size);
    expect(full.sha256).toBe(expectedSha);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
    expect((await client.get(link.downloadPath)).status).toBe(404);
  });

  it("honours a grant only for its own link, with a range, before it expires, and not after the download completed", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const other = await createLink(alice, file.id, { maxDownloads: 1 });
    const browser = visitor(server, freshAddress());
    const cutAfter = await abortedDownload(link, 2 * MB, freshAddress(), browser);
    expect(cutAfter.status).toBe(200);
    expect(await settledCounts(link.id, { downloadCount: 0, claimedCount: 1 })).toEqual({ downloadCount: 0, claimedCount: 1 });

    // The grant's cookie is the link's own (its name and path), and useless under another link's name.
    const grant = browser.cookie(`coffer-grant-${link.id}`);
    expect(grant).toMatchObject({ httpOnly: true, path: link.path });
    const forged = visitor(server, freshAddress(), { cookie: `coffer-grant-${other.id}=${grant!.value}` });
    const spent = await forged.get(other.downloadPath, { headers: { range: "bytes=0-99" } });
    expect(spent.status).toBe(206); // a new download of the other link, which spends its own slot
    await spent.arrayBuffer();
    expect(await settledCounts(other.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
    const again = visitor(server, freshAddress(), { cookie: `coffer-grant-${other.id}=${grant!.value}` });
    expect((await again.get(other.downloadPath, { headers: { range: "bytes=0-99" } })).status).toBe(404);

    // Without a range, a resume is a new download, which the spent limit refuses.
    expect((await browser.get(link.downloadPath)).status).toBe(404);
    // Tampered or expired, the grant opens nothing.
    const tampered = visitor(server, freshAddress(), { cookie: `coffer-grant-${link.id}=${grant!.value.slice(0, -2)}AA` });
    expect((await tampered.get(link.downloadPath, { headers: { range: "bytes=0-99" } })).status).toBe(404);
    await db.linkGrant.updateMany({ where: { linkId: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await browser.get(link.downloadPath, { headers: { range: "bytes=0-99" } })).status).toBe(404);
  });

  it("a grant resumes from the network that started the download, serves about one file's worth, and each use is in the activity", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    // The download starts from 198.51.100.7 and is cut off after 2 MB; the browser keeps the grant's cookie.
    const browser = visitor(server, "198.51.100.7");
    expect((await abortedDownload(link, 2 * MB, "198.51.100.7", browser)).status).toBe(200);
    expect(await settledCounts(link.id, { downloadCount: 0, claimedCount: 1 })).toEqual({ downloadCount: 0, claimedCount: 1 });
    const grant = `coffer-grant-${link.id}=${browser.cookie(`coffer-grant-${link.id}`)!.value}`;
    const allButLast = { range: `bytes=0-${size - 2}` };

    // The cookie copied to another network opens nothing.
    expect((await visitor(server, "192.0.2.9", { cookie: grant }).get(link.downloadPath, { headers: allButLast })).status).toBe(404);
    // From the same network, all but the last byte: served once, counted as no download, and written down.
    const first = await readBody(await visitor(server, "198.51.100.8", { cookie: grant }).get(link.downloadPath, { headers: allButLast }));
    expect(first.status).toBe(206);
    expect(first.received).toBe(size - 1);
    const resumedLine = async () => db.activity.findMany({ where: { linkId: link.id, kind: "download.link_resumed" } });
    expect(await waitFor(async () => (await resumedLine()).length === 1, 10_000)).toBe(true);
    expect((await resumedLine())[0]).toMatchObject({ bytes: BigInt(size - 1), totalBytes: BigInt(size) });
    expect((await resumedLine())[0].address).toBe("198.51.100.0/24");
    // The same again exceeds what the grant may serve: a file's worth was already resumed under it.
    expect((await visitor(server, "198.51.100.9", { cookie: grant }).get(link.downloadPath, { headers: allButLast })).status).toBe(404);
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 1 });
    // What is left of it still finishes the download, which then counts.
    const last = await readBody(await browser.get(link.downloadPath, { headers: { range: `bytes=${size - 1}-` } }));
    expect(last.status).toBe(206);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
  });

  it("holds the slot while a transfer is under way", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const client = visitor(server, freshAddress());
    const first = await client.get(link.downloadPath);
    expect(first.status).toBe(200);
    // While the first transfer is open (its body unread), the only slot is taken.
    const second = await client.get(link.downloadPath);
    expect(second.status).toBe(404);
    await second.arrayBuffer();
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 1 });
    const whole = await readBody(first);
    expect(whole.received).toBe(size);
    expect(whole.sha256).toBe(expectedSha);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
  });
});

describe("the owner's trail", () => {
  it("never shows a download's count without its line in the trail: both are written in one transaction", async () => {
    const size = 200_000;
    const file = await uploadFile(alice, "counted.bin", bytesOf("counted", size));
    const link = await createLink(alice, file.id, {});
    const client = visitor(server, freshAddress());
    // Both read in one transaction, so each look is one moment of the database.
    const look = async () => {
      const [counts, lines] = await readInOneSnapshot([
        db.link.findUniqueOrThrow({ where: { id: link.id }, select: { downloadCount: true } }),
        db.activity.count({ where: { linkId: link.id, kind: "download.link" } }),
      ]);
      return { count: counts.downloadCount, lines };
    };
    const seen: { count: number; lines: number }[] = [];
    for (let n = 1; n <= 8; n++) {
      const body = await readBody(await client.get(link.downloadPath));
      expect(body.received).toBe(size);
      // Looks as often as the database answers while the download settles, until it is counted.
      for (let at = Date.now(); Date.now() - at < 10_000;) {
        const now = await look();
        seen.push(now);
        if (now.count === n) break;
      }
      expect((await look()).count).toBe(n);
    }
    expect(seen.filter((s) => s.count !== s.lines)).toEqual([]);
    const counted = await db.activity.findMany({ where: { linkId: link.id, kind: "download.link" }, select: { downloadNumber: true } });
    const numbers = counted.map((row) => row.downloadNumber!);
    expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("ranges and page visits", () => {
  const size = 300_000;
  const data = bytesOf("ranges-limit", size);
  let file: UploadedFile;

  beforeAll(async () => {
    file = await uploadFile(alice, "ranged.bin", data);
  });

  it("counts a byte range as one download, which a limit of 1 allows once", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const client = visitor(server, freshAddress());
    const first = await readBody(await client.get(link.downloadPath, { headers: { range: "bytes=1000-1999" } }), { keep: true });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe(`bytes 1000-1999/${size}`);
    expect(first.bytes!.equals(data.subarray(1000, 2000))).toBe(true);
    expect(first.bytes!.equals(bytesAt("ranges-limit", 1000, 1000))).toBe(true);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });

    const nextRange = await client.get(link.downloadPath, { headers: { range: "bytes=2000-2999" } });
    expect(nextRange.status).toBe(404);
    expect(await nextRange.text()).toBe("This link is not available.");
    const whole = await client.get(link.downloadPath);
    expect(whole.status).toBe(404);
    await whole.arrayBuffer();
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 1, claimedCount: 1 });
    expect(await linkDownloads(link.id)).toBe(1);
  });

  it("does not let a range the file cannot satisfy hold a slot", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const client = visitor(server, freshAddress());
    const unsatisfiable = await client.get(link.downloadPath, { headers: { range: `bytes=${size + 10}-` } });
    expect(unsatisfiable.status).toBe(416);
    await unsatisfiable.arrayBuffer();
    // Nothing was transferred: the only slot is still free, and a whole download gets it.
    expect(await settledCounts(link.id, { downloadCount: 0, claimedCount: 0 })).toEqual({ downloadCount: 0, claimedCount: 0 });
    const got = await readBody(await client.get(link.downloadPath));
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  });

  it("counts two ranges as two downloads against a limit of 2", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 2 });
    const client = visitor(server, freshAddress());
    for (const [range, start] of [
      ["bytes=0-99", 0],
      ["bytes=-100", size - 100],
    ] as const) {
      const got = await readBody(await client.get(link.downloadPath, { headers: { range } }), { keep: true });
      expect(got.status).toBe(206);
      expect(got.bytes!.equals(data.subarray(start, start + 100))).toBe(true);
    }
    expect(await settledCounts(link.id, { downloadCount: 2, claimedCount: 2 })).toEqual({ downloadCount: 2, claimedCount: 2 });
    const third = await client.get(link.downloadPath, { headers: { range: "bytes=100-199" } });
    expect(third.status).toBe(404);
    await third.arrayBuffer();
  });

  it("does not count page visits, chat-app previews or HEAD requests", async () => {
    const link = await createLink(alice, file.id, { maxDownloads: 1 });
    const agents = [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "WhatsApp/2.23.20.0",
      "TelegramBot (like TwitterBot)",
      "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
      "Twitterbot/1.0",
    ];
    for (const agent of agents) {
      const client = visitor(server, freshAddress(), { "user-agent": agent });
      const page = await client.get(link.path);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain("ranged.bin");
      expect(html).toContain(`href="${link.downloadPath}"`);
      const head = await client.fetch(link.downloadPath, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(size));
    }
    // Give any (wrongly) counted transfer the time to settle before looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
    expect(await linkDownloads(link.id)).toBe(0);

    const client = visitor(server, freshAddress());
    const got = await readBody(await client.get(link.downloadPath));
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
    expect(got.headers.get("referrer-policy")).toBe("no-referrer");
    expect(got.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; filename="?ranged\.bin"?$/);
    expect(await settledCounts(link.id, { downloadCount: 1, claimedCount: 1 })).toEqual({ downloadCount: 1, claimedCount: 1 });
    expect((await client.get(link.path)).status).toBe(404);
  });
});
