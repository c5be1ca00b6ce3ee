// Reads a stream to its end or its error: the bytes that came out before an error, and the error.
import type { Readable } from "node:stream";

export async function drain(stream: Readable): Promise<{ data: Buffer; error?: Error }> {
  const parts: Buffer[] = [];
  try {
    for await (const part of stream) parts.push(part as Buffer);
    return { data: Buffer.concat(parts) };
  } catch (error) {
    return { data: Buffer.concat(parts), error: error as Error };
  }
}
