// Nothing holds a connection forever. With TRANSFER_IDLE_SECONDS=2, a client that sends its headers a byte at a
// time, an upload body that trickles, and a download nobody reads are each closed soon after the idle time,
// while the server keeps answering others; so is a request body to a page, an action or Auth.js that has not all
// arrived within the body time (the idle time, at most 30 s). Malformed paths answer 400 instead of a 500.
import net from "node:net";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, uploadFile, type Member } from "../../support/sharing";
import { bytesOf } from "../../support/sample-files";
import {
  cookieHeader,
  expectNothingKept,
  manualRequest,
  multipartType,
  newBoundary,
  partHead,
  storageState,
  waitFor,
} from "../../support/upload";
import { descriptorsBesidesDatabase } from "../../support/process-state";
import { openStorageHandles } from "../../support/storage";

const MiB = 1024 * 1024;
let server: TestServer;
let owner: Member;

beforeAll(async () => {
  server = await startServer({ env: { TRANSFER_IDLE_SECONDS: "2" } });
  owner = await member(server);
});

afterAll(() => server?.stop());

function connect(): Promise<net.Socket> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));
}

/** Checks, while a slow client holds its connection, that others are still answered. */
async function othersAnswered() {
  const response = await fetch(new URL("/login", server.url));
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

/** Waits (bounded) for the server to close the socket; answers whether it did. */
async function serverCloses(socket: net.Socket, withinMs: number): Promise<boolean> {
  return Promise.race([closed(socket).then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), withinMs))]);
}

it("closes a client that sends its request head a byte at a time", async () => {
  const socket = await connect();
  socket.on("error", () => undefined);
  const head = "GET /login HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200);
  let sent = 0;
  const trickle = setInterval(() => {
    if (!socket.destroyed && sent < head.length) socket.write(head[sent++]);
  }, 300);
  await othersAnswered();
  expect(await serverCloses(socket, 20_000)).toBe(true);
  clearInterval(trickle);
  expect(sent).toBeLessThan(head.length); // it was cut off, not finished
});

it("closes an upload whose body trickles, and keeps nothing of it", async () => {
  const before = await storageState(owner.id);
  const boundary = newBoundary();
  const request = manualRequest(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(owner.client), "content-type": multipartType(boundary) },
  });
  await request.write(partHead(boundary, { filename: "trickle.bin" }));
  let stopped = false;
  void (async () => {
    while (!stopped) {
      await request.write("x").catch(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  await othersAnswered();
  const outcome = await Promise.race([
    request.outcome,
    new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), 20_000)),
  ]);
  stopped = true;
  expect(outcome).not.toBe("still open");
  if (outcome !== "still open" && outcome.kind === "response") {
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toEqual({ error: "The upload stalled: too little arrived in 2 seconds." });
  }
  await expectNothingKept(before, owner.id);
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(0);
});

it("closes a download nobody reads and lets go of the blob", async () => {
  const size = 24 * MiB;
  const file = await uploadFile(owner, "unread.bin", bytesOf("unread", size));
  const socket = await connect();
  socket.on("error", () => undefined);
  socket.pause(); // reads nothing: the kernel's buffers fill and the server's writes stop
  socket.write(`GET /api/files/${file.id}/download HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookieHeader(owner.client)}\r\n\r\n`);
  expect(await waitFor(() => openStorageHandles(server.pid).length > 0, 10_000)).toBe(true);
  await othersAnswered();

  // The server gives up on it (its request line says the response was cut short) and closes the blob.
  const cutShort = () =>
    server.logs().includes(`"route":"/api/files/${file.id}/download","status":200`) && /"aborted":true/.test(downloadLine());
  const downloadLine = () =>
    server
      .logs()
      .split("\n")
      .find((line) => line.includes(`"route":"/api/files/${file.id}/download"`)) ?? "";
  expect(await waitFor(cutShort, 20_000)).toBe(true);
  expect(await waitFor(() => openStorageHandles(server.pid).length === 0, 10_000)).toBe(true);
  // Reading now, the client finds the connection closed before the file's end.
  let received = 0;
  socket.on("data", (chunk: Buffer) => (received += chunk.length));
  socket.resume();
  expect(await serverCloses(socket, 20_000)).toBe(true);
  expect(received).toBeLessThan(size);
});

it.each(["/api/files/%E0%A4%A/download", "/api/auth/%ZZ", "/s/%/download", "/dashboard%"])(
  "answers the malformed path %s with 400",
  async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("Bad request: the path is not valid percent-encoding.");
  },
);

it("closes slow bodies to pages, server actions and Auth.js within the body time, and lets their descriptors go", async () => {
  const baseline = descriptorsBesidesDatabase(server.pid);
  const targets = [
    { path: "/login", headers: "Next-Action: 0000000000000000000000000000000000000000\r\nContent-Type: text/plain;charset=UTF-8" },
    { path: "/settings", headers: "Content-Type: multipart/form-data; boundary=x" },
    { path: "/api/auth/callback/credentials", headers: "Content-Type: application/x-www-form-urlencoded" },
  ];
  const sockets = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const target = targets[i % targets.length];
      const socket = await connect();
      socket.on("error", () => undefined);
      socket.write(`POST ${target.path} HTTP/1.1\r\nHost: localhost\r\n${target.headers}\r\nContent-Length: 1000\r\n\r\n`);
      return socket;
    }),
  );
  // One byte a second each: every byte resets the connection's idle timer (2 s here), so only a bound on the whole body ends them.
  let sent = 0;
  const trickle = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write("a");
    sent++;
  }, 1_000);
  await othersAnswered();
  const allClosed = await Promise.all(sockets.map((socket) => serverCloses(socket, 20_000)));
  clearInterval(trickle);
  expect(allClosed.every(Boolean)).toBe(true);
  expect(sent).toBeLessThan(15);
  expect(await waitFor(() => descriptorsBesidesDatabase(server.pid) <= baseline + 2, 10_000)).toBe(true);
  await othersAnswered();
});
