// A TCP proxy between a server under test and one of its dependencies (PostgreSQL, the S3 test server), which a
// test can cut (every connection through it reset, new ones reset at once) and restore: the dependency becomes
// unreachable for that server alone, while the other test files keep using it directly. Given several targets, it is
// the simplest of load balancers in front of several nodes: each new connection goes to the first that accepts it.
import net from "node:net";

export type TcpProxy = { port: number; cut(): void; restore(): void; close(): Promise<void> };

/** Where to connect: a TCP host and port, or a Unix socket's path. */
export type ProxyTarget = { host: string; port: number } | { path: string };

export async function startTcpProxy(target: ProxyTarget | ProxyTarget[]): Promise<TcpProxy> {
  const targets = Array.isArray(target) ? target : [target];
  const sockets = new Set<net.Socket>();
  let open = true;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => sockets.delete(socket));
  };
  /** A connection to the first target that accepts one, or null when none does. */
  const connectFirst = async (): Promise<net.Socket | null> => {
    for (const to of targets) {
      const upstream = "path" in to ? net.connect(to.path) : net.connect(to.port, to.host);
      track(upstream);
      const connected = await new Promise<boolean>((resolve) => {
        upstream.once("connect", () => resolve(true));
        upstream.once("error", () => resolve(false));
      });
      if (connected) return upstream;
      upstream.destroy();
    }
    return null;
  };
  const server = net.createServer((client) => {
    track(client);
    if (!open) return void client.resetAndDestroy();
    // What the client sends before the upstream connection is up waits in the paused socket.
    client.pause();
    void connectFirst().then((upstream) => {
      if (!upstream || !open || client.destroyed) {
        upstream?.destroy();
        return void client.resetAndDestroy();
      }
      client.pipe(upstream).pipe(client);
      client.once("close", () => upstream.destroy());
      upstream.once("close", () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      open = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      open = true;
    },
    close() {
      open = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A PostgreSQL URL's server (its host and port, or the Unix socket its host names), and the URL through `port`. */
export function postgresThrough(url: string, port: number): { target: ProxyTarget; url: string } {
  const parsed = new URL(url);
  const host = decodeURIComponent(parsed.hostname || parsed.searchParams.get("host") || "localhost");
  const pgPort = Number(parsed.port || 5432);
  const target: ProxyTarget = host.startsWith("/") ? { path: `${host}/.s.PGSQL.${pgPort}` } : { host, port: pgPort };
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  parsed.searchParams.delete("host");
  return { target, url: parsed.toString() };
}
