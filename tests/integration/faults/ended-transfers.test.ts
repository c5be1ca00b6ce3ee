// Taking a permission away ends the transfers it allowed: the bytes already sent are sent, nothing more.
// Revoking a link ends its visitors' downloads, revoking a share ends the recipient's, deleting a file ends
// every download of it; and the hooks that settle those transfers cope with a link or file that is gone.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import {
  createLink,
  deleteFile,
  member,
  revokeLink,
  revokeShare,
  shareFile,
  uploadFile,
  visitor,
  type Member,
} from "../../support/sharing";
import { bytesOf } from "../../support/sample-files";
import { waitFor, type UploadedFile } from "../../support/upload";

const MiB = 1024 * 1024;
const SIZE = 40 * MiB;
let server: TestServer;
let owner: Member;
let recipient: Member;

beforeAll(async () => {
  server = await startServer();
  [owner, recipient] = await Promise.all([member(server), member(server)]);
});

afterAll(() => server?.stop());

/** Reads a response slowly: `first` bytes, then waits for `during` to happen, then reads what still comes. */
async function readAcross(response: Response, first: number, during: () => Promise<void>) {
  expect(response.ok).toBe(true);
  const reader = response.body!.getReader();
  let received = 0;
  while (received < first) received += (await reader.read()).value!.byteLength;
  await during();
  let failed = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
  } catch {
    failed = true;
  }
  return { received, failed };
}

function hookErrors(): string[] {
  return server
    .logs()
    .split("\n")
    .filter((line) => /"level":50/.test(line));
}

async function largeFile(name: string): Promise<UploadedFile> {
  return uploadFile(owner, name, bytesOf(name, SIZE));
}

it("revoking a link ends its downloads under way", async () => {
  const file = await largeFile("revoked-link.bin");
  const link = await createLink(owner, file.id);
  const outcome = await readAcross(await visitor(server).get(link.downloadPath), 2 * MiB, async () => {
    expect((await revokeLink(owner.client, file.id, link.id)).ok).toBe(true);
  });
  expect(outcome.failed).toBe(true);
  expect(outcome.received).toBeLessThan(SIZE);
  expect(await db.activity.count({ where: { linkId: link.id, kind: "download.link" } })).toBe(0);
});

it("revoking a share ends the recipient's download under way", async () => {
  const file = await largeFile("revoked-share.bin");
  expect((await shareFile(owner.client, file.id, recipient.username)).ok).toBe(true);
  const share = await db.share.findFirstOrThrow({ where: { fileId: file.id, recipientId: recipient.id } });
  const outcome = await readAcross(await recipient.client.get(`/api/files/${file.id}/download`), 2 * MiB, async () => {
    expect((await revokeShare(owner.client, file.id, share.id)).ok).toBe(true);
  });
  expect(outcome.failed).toBe(true);
  expect(outcome.received).toBeLessThan(SIZE);
  expect(await db.activity.count({ where: { fileId: file.id, kind: "download.user" } })).toBe(0);
});

it("deleting a file ends its downloads under way (owner's and link's), and their hooks log no error", async () => {
  const file = await largeFile("deleted.bin");
  const link = await createLink(owner, file.id, { maxDownloads: 5 });
  const errorsBefore = hookErrors().length;
  const [byOwner, byLink] = await Promise.all([owner.client.get(`/api/files/${file.id}/download`), visitor(server).get(link.downloadPath)]);
  const linkRead = readAcross(byLink, 1 * MiB, () =>
    waitFor(async () => (await db.file.count({ where: { id: file.id } })) === 0, 20_000).then(() => undefined),
  );
  const ownerRead = await readAcross(byOwner, 1 * MiB, async () => {
    expect((await deleteFile(owner.client, file.id)).ok).toBe(true);
  });
  const linkOutcome = await linkRead;
  for (const outcome of [ownerRead, linkOutcome]) {
    expect(outcome.failed).toBe(true);
    expect(outcome.received).toBeLessThan(SIZE);
  }
  // The link's slot hook ran against a link that is gone with its file, quietly.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(hookErrors().slice(errorsBefore)).toEqual([]);
});
