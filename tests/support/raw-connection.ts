// One HTTP/1.1 connection to a server under test, driven by hand: the test decides when to send a request and when
// to read (a paused socket is a client that reads nothing, so the transfer on the server stalls), and sees the
// connection close. For the shutdown tests: kept-alive connections a node already had, and downloads it is serving.
import net from "node:net";

export type Head = { status: number; headers: Record<string, string> };

export class Connection {
  private data = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  ended = false;
  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.wake?.();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on("error", () => undefined);
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new Connection(socket)));
      socket.once("error", reject);
    });
  }

  get(path: string, headers: Record<string, string> = {}): void {
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n${lines.join("")}\r\n`);
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.ended) throw new Error("the connection closed");
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async head(): Promise<Head> {
    await this.until(() => this.data.includes("\r\n\r\n"));
    const end = this.data.indexOf("\r\n\r\n");
    const [statusLine, ...lines] = this.data.subarray(0, end).toString("latin1").split("\r\n");
    this.data = this.data.subarray(end + 4);
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
    );
    return { status: Number(statusLine.split(" ")[1]), headers };
  }

  /** The next `length` bytes of body, or as many as came before the connection closed. */
  async body(length: number): Promise<Buffer> {
    await this.until(() => this.data.length >= length).catch(() => undefined);
    const body = this.data.subarray(0, length);
    this.data = this.data.subarray(body.length);
    return body;
  }

  /** A body sent in chunks (Transfer-Encoding: chunked), whole. */
  private async chunked(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for (;;) {
      await this.until(() => this.data.includes("\r\n"));
      const lineEnd = this.data.indexOf("\r\n");
      const size = parseInt(this.data.subarray(0, lineEnd).toString("latin1"), 16);
      await this.until(() => this.data.length >= lineEnd + 2 + size + 2);
      chunks.push(this.data.subarray(lineEnd + 2, lineEnd + 2 + size));
      this.data = this.data.subarray(lineEnd + 2 + size + 2);
      if (size === 0) return Buffer.concat(chunks);
    }
  }

  async json(): Promise<Head & { body: unknown }> {
    const head = await this.head();
    const body =
      head.headers["transfer-encoding"] === "chunked" ? await this.chunked() : await this.body(Number(head.headers["content-length"]));
    return { ...head, body: JSON.parse(body.toString("utf8")) };
  }
}

/** Whether a new connection to the port is refused. */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
