export const CLEARED_VARIABLES: string[];

export type ThrowawayData = {
  dir: string;
  env: { DATABASE_URL: string; STORAGE_DIR: string; AUTH_SECRET: string; STORAGE_MASTER_KEY: string };
  remove(): void;
};

export type ThrowawayServer = {
  url: string;
  port: number;
  pid: number;
  /** Resolves when the server accepts connections; rejects (with its output) when it exits or times out. */
  ready: Promise<void>;
  logs(): string;
  exitInfo(): { code: number | null; signal: NodeJS.Signals | null; error?: Error } | null;
  exited: Promise<unknown>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL now, as a crash would. */
  kill(): Promise<void>;
};

export function assertCurrentBuild(root: string): void;
export function createThrowawayData(opts: {
  root: string;
  parentDir?: string;
  prefix?: string;
  database?: "sqlite" | "postgresql";
}): ThrowawayData;
export function throwawayEnvironment(opts: {
  base?: NodeJS.ProcessEnv;
  data?: Partial<ThrowawayData["env"]> & Record<string, string>;
  port: number;
  /** A setting given as undefined is left unset (spawn leaves out undefined variables). */
  settings?: Record<string, string | undefined>;
}): NodeJS.ProcessEnv;
export function freePort(): Promise<number>;
export function startThrowawayServer(opts: {
  root: string;
  env: NodeJS.ProcessEnv;
  port: number;
  timeoutMs?: number;
  keepLines?: number;
  /** Also copy the server's output to this process's stdout and stderr. */
  echo?: boolean;
  /** Node flags before the script; the production server's (scripts/server-node-flags.mjs) unless given. */
  nodeFlags?: string[];
}): ThrowawayServer;
export function startServerProcess(opts: {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** A line of output that says the server is ready (else: the port accepts a connection). */
  ready?: RegExp | null;
  timeoutMs?: number;
  keepLines?: number;
  echo?: boolean;
}): ThrowawayServer;

export const TEST_S3_BUCKET: string;
export const TEST_S3_CREDENTIALS: { accessKeyId: string; secretAccessKey: string };
export type S3TestServer = ThrowawayServer & { endpoint: string; directory: string };
export function startS3TestServer(opts: { root: string; directory: string; buckets?: string[] }): Promise<S3TestServer>;
export function s3StorageSettings(opts: { endpoint: string; prefix: string; bucket?: string }): Record<string, string>;
