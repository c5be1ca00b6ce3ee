// The command-line client (bin/coffer.mjs) as a child process for the tests under tests/integration/cli: its own
// config folder and a clean environment (none of the test server's secrets), and a proxy in front of the server that
// can slow what the client sends and counts the bytes, so a test can kill an upload midway and see what a rerun sent.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ActionResult } from "@/lib/actions/action-result";
import { ACTION_FILES } from "./action-files";
import { resultOf, type Member } from "./sharing";

const BIN = path.resolve(__dirname, "../../bin/coffer.mjs");

export type CliRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** A home and config folder of the CLI's own, removed by `remove()`. */
export function cliHome() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-cli-"));
  return { dir, config: path.join(dir, "config"), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `coffer ARGS…`; `env` is all it gets besides PATH, HOME and XDG_CONFIG_HOME. */
export function startCli(args: string[], opts: { home: string; env?: Record<string, string>; cwd?: string; stdin?: string }) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: opts.home,
    XDG_CONFIG_HOME: path.join(opts.home, "config"),
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? opts.home,
    env: env as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  child.stdin!.end(opts.stdin ?? "");
  const done = new Promise<CliRun>((resolve) =>
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export const runCli = (args: string[], opts: Parameters<typeof startCli>[1]) => startCli(args, opts).done;

/** A personal access token made as Settings makes one (createTokenAction). */
export async function makeToken(owner: Member, scopes: string[], name = `cli ${scopes.join("+")}`) {
  const answer = await owner.client.callAction<ActionResult<{ token: string }>>(
    "/settings",
    ACTION_FILES.settingsTokens,
    "createTokenAction",
    [{ name, scopes, lifetime: "90" }],
  );
  const result = resultOf(answer);
  if (!result.ok) throw new Error(result.error);
  return result.data.token;
}

export type CountingProxy = {
  url: string;
  /** Bytes clients sent through it so far. */
  sent(): number;
  /** Limits what each connection sends to `bytesPerSecond` (null: as fast as it goes). */
  throttle(bytesPerSecond: number | null): void;
  close(): Promise<void>;
};

/** A TCP proxy to `port` on 127.0.0.1 that counts (and can slow) the bytes clients send. */
export async function countingProxy(port: number): Promise<CountingProxy> {
  let rate: number | null = null;
  let sent = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.once("close", () => sockets.delete(socket));
    }
    const started = Date.now();
    let mine = 0;
    client.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      mine += chunk.length;
      upstream.write(chunk);
      if (rate === null) return;
      const wait = started + (mine / rate) * 1000 - Date.now();
      if (wait > 0) {
        client.pause();
        setTimeout(() => client.resume(), wait);
      }
    });
    upstream.pipe(client);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    sent: () => sent,
    throttle: (value) => void (rate = value),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` every 50 ms until it answers something truthy, for at most `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
