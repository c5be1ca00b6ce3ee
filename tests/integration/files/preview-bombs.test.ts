// Decompression bombs against image previews (attack round three, item 3): small PNGs that decode to huge canvases.
// A canvas over the limit is refused from its header; bombs under it are rendered in turns per owner, so another
// user's thumbnail waits for at most one of them, and the server's memory stays bounded; a burst longer than a page of
// the file list is told "not ready" instead of waiting without end. The figures (another user's latency, the server's
// peak RSS) are printed; only generous bounds are asserted, since the machine is shared.
import sharp from "sharp";
import { startServer, type TestServer } from "../../support/server";
import { member, uploadFile, type Member } from "../../support/sharing";
import { residentMiB } from "../../support/process-state";

jest.setTimeout(300_000);

let server: TestServer;
let alice: Member;
let bob: Member;
let carol: Member;
let dave: Member;

/** A PNG of a few hundred KB that decodes to `side` × `side` pixels at 16 bits per channel. */
async function bomb(side: number, depth: "srgb" | "rgb16" = "rgb16"): Promise<Buffer> {
  return sharp({ create: { width: side, height: side, channels: 3, background: "#336699" } })
    .toColourspace(depth)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

const thumbnail = (owner: Member, fileId: string) => owner.client.get(`/api/files/${fileId}/thumbnail`);

beforeAll(async () => {
  server = await startServer();
  [alice, bob, carol, dave] = await Promise.all([member(server), member(server), member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

it("refuses a canvas over 50 megapixels from its header, at once, without decoding it", async () => {
  // 10,000 × 10,000: 311 KB on disk, 300 MB of pixels; accepted before (the limit was 100 MP).
  const file = await uploadFile(carol, "huge.png", await bomb(10_000, "srgb"));
  const started = Date.now();
  const response = await thumbnail(carol, file.id);
  expect(response.status).toBe(404);
  expect((await response.json()).error).toBe("This file has no preview.");
  expect(Date.now() - started).toBeLessThan(5_000);
});

it("16 bombs of one user delay another user's thumbnail by about one render, and the server's memory stays bounded", async () => {
  // 7,000 × 7,000 at 16 bits: just under the limit, 294 MB of pixels if decoded whole.
  const bytes = await bomb(7_000);
  const bombs = [];
  for (let i = 0; i < 16; i++) bombs.push(await uploadFile(alice, `bomb-${i}.png`, bytes));
  const ordinary = await uploadFile(
    bob,
    "holiday.png",
    await sharp({ create: { width: 400, height: 300, channels: 3, background: "#88aa44" } })
      .png()
      .toBuffer(),
  );

  const idle = residentMiB(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMiB(server.pid))), 50);
  try {
    const started = Date.now();
    const burst = Promise.all(bombs.map(async (file) => (await thumbnail(alice, file.id)).status));
    // The bombs are queued (two render, the rest wait their turn) before bob asks.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const asked = Date.now();
    const bobs = await thumbnail(bob, ordinary.id);
    const bobLatency = Date.now() - asked;
    expect(bobs.status).toBe(200);
    expect((await sharp(Buffer.from(await bobs.arrayBuffer())).metadata()).width).toBe(96);
    const statuses = await burst;
    const drained = Date.now() - started;
    expect(statuses).toEqual(bombs.map(() => 200));
    // After the burst: sharp keeps no cache of decoded pixels.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = residentMiB(server.pid);
    console.log(
      `preview bombs: 16 × 7000² px 16-bit PNG (${Math.round(bytes.length / 1024)} KB each); another user's thumbnail took ${bobLatency} ms; ` +
        `the burst drained in ${drained} ms; server RSS idle ${Math.round(idle)} MiB, peak ${Math.round(peak)} MiB, 2 s after ${Math.round(after)} MiB`,
    );
    // Generous bounds: before, bob waited for the whole queue (26 s for 16 bombs of 100 MP) and RSS reached 1 GB.
    expect(bobLatency).toBeLessThan(15_000);
    expect(peak).toBeLessThan(idle + 600);
  } finally {
    clearInterval(sampler);
  }
});

it("a burst longer than a page of the file list is told the preview is not ready at once; what could wait renders", async () => {
  // Two bombs hold both renders; then 27 small images: 25 may wait (a page of the file list), 2 are refused.
  const heavy = await bomb(7_000);
  const small = await sharp({ create: { width: 200, height: 200, channels: 3, background: "#aa4488" } })
    .png()
    .toBuffer();
  const bombs = [await uploadFile(carol, "bomb-a.png", heavy), await uploadFile(carol, "bomb-b.png", heavy)];
  const photos = [];
  for (let i = 0; i < 27; i++) photos.push(await uploadFile(carol, `photo-${i}.png`, small));
  const ordinary = await uploadFile(bob, "other.png", small);

  const running = bombs.map((file) => thumbnail(carol, file.id));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const pendingPhotos = Promise.all(
    photos.map(async (file) => {
      const response = await thumbnail(carol, file.id);
      return { response, at: Date.now() };
    }),
  );
  // Bob's, asked after carol's 27, is rendered before carol's waiting ones (his turn comes with the first free render).
  const bobs = thumbnail(bob, ordinary.id).then((response) => ({ response, at: Date.now() }));
  const bombsDone = await Promise.all(running.map(async (pending) => ({ response: await pending, at: Date.now() })));
  expect(bombsDone.map(({ response }) => response.status)).toEqual([200, 200]);
  const waiting = await pendingPhotos;
  const bobsDone = await bobs;
  expect(bobsDone.response.status).toBe(200);
  expect(bobsDone.at).toBeLessThan(Math.max(...waiting.map(({ at }) => at)));
  // The 25 that could wait were rendered in their turn; the 2 beyond were answered at once, before the bombs ended.
  const refused = waiting.filter(({ response }) => response.status === 503);
  expect(waiting.filter(({ response }) => response.status === 200)).toHaveLength(25);
  expect(refused).toHaveLength(2);
  for (const { response, at } of refused) {
    expect(at).toBeLessThan(Math.min(...bombsDone.map((done) => done.at)));
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).error).toBe("The preview is not ready yet. Try again in a moment.");
  }
  // Asked again once the queue has room, a refused one renders.
  const status = (await thumbnail(carol, photos[waiting.indexOf(refused[0])].id)).status;
  expect(status).toBe(200);
});

it("charges each owner for the megapixels their previews decode: past 3,000 in ten minutes the owner gets 429, others do not", async () => {
  // PNGs cut short after their header: each claims 7,000 × 7,000 (49 MP, under the 50 MP limit), is charged from the
  // header, then fails to decode (a cheap way to spend a budget that a real bomb spends slowly). 61 × 49 = 2,989 MP.
  const truncated = (await bomb(7_000)).subarray(0, 4_096);
  const spent = [];
  for (let i = 0; i < 62; i++) spent.push(await uploadFile(dave, `cut-${i}.png`, truncated));
  const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#4488aa" } })
    .png()
    .toBuffer();
  const davesPhoto = await uploadFile(dave, "photo.png", photo);
  const bobsPhoto = await uploadFile(bob, "bob-photo.png", photo);

  for (const file of spent.slice(0, 61)) expect((await thumbnail(dave, file.id)).status).toBe(404);
  // 2,989 MP spent: a 49 MP header no longer fits, and neither does anything else of dave's once the budget is gone.
  const over = await thumbnail(dave, spent[61].id);
  expect(over.status).toBe(429);
  expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await over.json()).error).toBe("Too many previews are being made for this account. Try again later.");
  // A refusal for budget is not remembered as "no preview": the same file is still refused for budget, not 404.
  expect((await thumbnail(dave, spent[61].id)).status).toBe(429);
  // A 1 MP photo of dave's still fits in the 11 MP left; the next one does not.
  expect((await thumbnail(dave, davesPhoto.id)).status).toBe(200);
  // Another owner's budget is their own.
  expect((await thumbnail(bob, bobsPhoto.id)).status).toBe(200);
});
