// Runs the production server (the last `npm run build`) against this test file's database, storage folder
// and secrets, on a free port, through the one throwaway-server module the bench and browser tests use too.
import path from "node:path";
import {
  assertCurrentBuild,
  freePort,
  startThrowawayServer,
  throwawayEnvironment,
  type ThrowawayServer,
} from "../../scripts/throwaway-server.mjs";
import { forgetServer, recordServer } from "./test-run";

export type TestServer = ThrowawayServer;

const root = path.resolve(__dirname, "../..");

/** The data test-env.ts made for this test file, and its blob store's settings. */
export function testFileData() {
  const names = ["DATABASE_URL", "STORAGE_DIR", "AUTH_SECRET", "STORAGE_MASTER_KEY", "STORAGE_DRIVER"];
  names.push(...Object.keys(process.env).filter((name) => name.startsWith("S3_")));
  return Object.fromEntries(names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]));
}

/**
 * Starts a server over this test file's data; `env` adds or overrides settings (TRUSTED_PROXIES, USER_QUOTA…), and
 * a setting given as undefined is left unset (COOKIE_SECURE, which the test servers set to false, to its default).
 */
let buildChecked = false;

export async function startServer(opts: { env?: Record<string, string | undefined> } = {}): Promise<TestServer> {
  // The server under test runs the last build: refuse one that does not match the sources.
  if (!buildChecked) assertCurrentBuild(root);
  buildChecked = true;
  const port = await freePort();
  const server = startThrowawayServer({ root, port, env: throwawayEnvironment({ data: testFileData(), port, settings: opts.env }) });
  // Recorded so that global-teardown.ts can end it if the test never does.
  recordServer(server.pid);
  void server.exited.then(() => forgetServer(server.pid));
  await server.ready;
  return server;
}
