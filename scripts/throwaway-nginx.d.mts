import type { ThrowawayServer } from "./throwaway-server.mjs";

export function nginxBinary(): string | null;
export function startThrowawayNginx(opts: {
  binary: string;
  dir: string;
  port: number;
  httpPort: number;
  nodes: { port: number }[];
  maxFileSize: number;
}): ThrowawayServer & { url: string; certificate: string; accessLog: string };
