// Small files whose first bytes are (or pretend to be) well-known formats, and a deterministic
// byte generator for large ones, shared by the file unit and integration tests.
import { createCipheriv, createHash } from "node:crypto";
import zlib from "node:zlib";

function pngChunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid 1×1 RGBA PNG. */
export function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  const pixels = zlib.deflateSync(Buffer.from([0, 255, 0, 0, 255])); // filter byte + one red pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", pixels),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The start of a JPEG (SOI + APP0 JFIF): enough for type detection. */
export function jpegHead(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from("JFIF\0", "latin1"),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.alloc(64),
  ]);
}

export const HTML_PAGE = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n");
export const SVG_IMAGE = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>\n');
export const PDF_HEAD = Buffer.from("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n", "latin1");

/**
 * Deterministic pseudo-random bytes (AES-256-CTR keystream of a seed), produced in chunks so a test can
 * stream hundreds of megabytes without holding them. `bytesOf(seed, size)` gives the same bytes at once.
 */
export function* pseudoRandomChunks(seed: string, size: number, chunkSize = 1024 * 1024): Generator<Buffer> {
  const cipher = createCipheriv("aes-256-ctr", keyOf(seed), Buffer.alloc(16));
  const zeros = Buffer.alloc(chunkSize);
  for (let left = size; left > 0; left -= chunkSize) {
    yield cipher.update(left >= chunkSize ? zeros : zeros.subarray(0, left));
  }
}

function keyOf(seed: string): Buffer {
  return createHash("sha256").update(`coffer-test-${seed}`).digest();
}

export function bytesOf(seed: string, size: number): Buffer {
  return Buffer.concat([...pseudoRandomChunks(seed, size)], size);
}

/** `length` bytes of the same stream from `offset` on, without producing what comes before (CTR can seek). */
export function bytesAt(seed: string, offset: number, length: number): Buffer {
  const counter = Buffer.alloc(16);
  counter.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8);
  const skip = offset % 16;
  const cipher = createCipheriv("aes-256-ctr", keyOf(seed), counter);
  return cipher.update(Buffer.alloc(skip + length)).subarray(skip);
}

export const sha256 = (data: Buffer | Uint8Array) => createHash("sha256").update(data).digest("hex");
