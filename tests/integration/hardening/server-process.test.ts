// The production server runs with its Node flags (scripts/server-node-flags.mjs): `npm start` and every
// test and bench server build their command with productionServerArgs, and Node accepts the flags. Without
// the larger young generation, transfers cost up to 5 more CPU seconds per GiB in full collections
// (decision 030): the bench measures that; this checks the flags are there.
import fs from "node:fs";
import { SERVER_NODE_FLAGS, productionServerArgs } from "../../../scripts/server-node-flags.mjs";
import { startServer, type TestServer } from "../../support/server";

jest.setTimeout(120_000);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

it("asks for a young generation of at least 32 MiB per semi-space", () => {
  const flag = SERVER_NODE_FLAGS.find((f) => f.startsWith("--max-semi-space-size="));
  expect(Number(flag?.split("=")[1])).toBeGreaterThanOrEqual(32);
  expect(productionServerArgs("/srv/coffer")).toEqual([...SERVER_NODE_FLAGS, "/srv/coffer/.next/coffer-server.js"]);
});

it("starts the server process with those flags, and the server answers", async () => {
  const commandLine = fs.readFileSync(`/proc/${server.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  expect(commandLine.slice(1, 1 + SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
  expect(commandLine[1 + SERVER_NODE_FLAGS.length]).toMatch(/\.next\/coffer-server\.js$/);
  const response = await fetch(`${server.url}/login`);
  expect(response.status).toBe(200);
});
