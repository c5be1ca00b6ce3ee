// A fetch over HTTP/2 with TLS (node:http2), for tests that talk to a server the way a browser does through a
// reverse proxy: one connection per origin, every request a stream on it. It trusts the certificate it is given
// and nothing else of its own (verification stays on, nothing is changed globally), and can connect from a
// chosen local address (127.0.0.2 is another client on the same machine). Global fetch cannot do either on
// Node 20 without undici. Only HTTP/2 is offered: a server that cannot speak it fails the handshake.
import http2 from "node:http2";
import net from "node:net";
import tls from "node:tls";
import { Readable } from "node:stream";

export type Http2Transport = {
  /** A fetch for Client (tests/support/http-client.ts); redirects are never followed. */
  fetch: typeof fetch;
  close(): Promise<void>;
};

// Connection-level headers HTTP/2 does not allow.
const HOP_BY_HOP = new Set(["connection", "host", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);

export function http2Transport(opts: { ca: string; localAddress?: string }): Http2Transport {
  const sessions = new Map<string, http2.ClientHttp2Session>();

  const sessionFor = (origin: string) => {
    const open = sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    const { hostname, port } = new URL(origin);
    const session = http2.connect(origin, {
      createConnection: () =>
        tls.connect({
          socket: net.connect({ host: hostname, port: Number(port || 443), localAddress: opts.localAddress }),
          servername: hostname,
          ca: opts.ca,
          ALPNProtocols: ["h2"],
        }),
    });
    // A failed connection fails the requests on it; the session's own error event must not be unhandled.
    session.on("error", () => undefined);
    sessions.set(origin, session);
    return session;
  };

  async function fetchOverHttp2(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== "https:") throw new Error(`http2Transport speaks HTTPS only, not ${url.href}`);
    const headers = new Headers(init.headers);
    const given = init.body;
    let body: Buffer | Readable | null = null;
    if (given === undefined || given === null) body = null;
    else if (typeof given === "string") {
      body = Buffer.from(given);
      if (!headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
    } else if (given instanceof URLSearchParams) {
      body = Buffer.from(given.toString());
      if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
    } else if (given instanceof Uint8Array) body = Buffer.from(given.buffer, given.byteOffset, given.byteLength);
    else if (given instanceof ReadableStream) body = Readable.fromWeb(given as import("node:stream/web").ReadableStream);
    else throw new Error("http2Transport: unsupported request body");
    if (Buffer.isBuffer(body)) headers.set("content-length", String(body.length));

    const method = (init.method ?? "GET").toUpperCase();
    const requestHeaders: http2.OutgoingHttpHeaders = { ":method": method, ":path": `${url.pathname}${url.search}` };
    headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) requestHeaders[name] = value;
    });
    const stream = sessionFor(url.origin).request(requestHeaders, { endStream: body === null });
    const failed = new Promise<never>((_, reject) => {
      stream.once("error", reject);
      stream.once("close", () => reject(new Error(`the stream of ${method} ${url.pathname} closed without an answer`)));
    });
    failed.catch(() => undefined);
    if (Buffer.isBuffer(body)) stream.end(body);
    else if (body) body.pipe(stream);
    init.signal?.addEventListener("abort", () => stream.close(http2.constants.NGHTTP2_CANCEL));

    const head = await Promise.race([new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once("response", resolve)), failed]);
    const status = Number(head[":status"]);
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(head)) {
      if (name.startsWith(":") || value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(item));
    }
    const empty = method === "HEAD" || status === 204 || status === 304;
    if (empty) stream.resume();
    return new Response(empty ? null : (Readable.toWeb(stream) as ReadableStream<Uint8Array>), { status, headers: responseHeaders });
  }

  return {
    fetch: fetchOverHttp2 as typeof fetch,
    async close() {
      await Promise.all(
        [...sessions.values()].map(
          (session) =>
            new Promise<void>((resolve) => {
              if (session.closed || session.destroyed) return resolve();
              session.close(() => resolve());
              // A stream still open (a body nobody read) would keep the session: cut it after a moment.
              setTimeout(() => (session.destroy(), resolve()), 2_000).unref();
            }),
        ),
      );
      sessions.clear();
    },
  };
}
