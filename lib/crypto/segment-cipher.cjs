// The AES-256-GCM work of Coffer's segmented format (lib/crypto/segmented-stream.ts): sealing and opening runs of
// whole segments. A plain CommonJS file so that the worker threads of lib/crypto/segment-pool.ts run the very code
// the main thread runs when it has no pool (docs/decisions/075). Synchronous, and free of streams: the callers move
// the bytes.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, so that worker threads load it as it is
const { createCipheriv, createDecipheriv } = require("node:crypto");

const SEGMENT_SIZE = 64 * 1024;
const TAG_SIZE = 16;
const HEADER_SIZE = 12;
const SEALED_SEGMENT_SIZE = SEGMENT_SIZE + TAG_SIZE;
const PREFIX_SIZE = 7;

/** The nonce binds the blob's random prefix, the segment's position and whether it is the final one. */
function segmentNonce(header, index, last) {
  if (index > 0xffffffff) throw new RangeError("too many segments for a 32-bit counter");
  const nonce = Buffer.alloc(12);
  header.copy(nonce, 0, HEADER_SIZE - PREFIX_SIZE);
  nonce.writeUInt32BE(index, PREFIX_SIZE);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Seals plaintext as segments `firstIndex`, `firstIndex + 1`, …: whole segments, except the last one when `final`
 * (then it may be short or empty, and is sealed as the blob's end). The blob's header leads when `firstIndex` is 0.
 * Answers the stored bytes in one buffer that owns its memory (so it can be handed to another thread).
 */
function sealSegments(key, header, firstIndex, plain, final) {
  const count = final ? Math.max(1, Math.ceil(plain.length / SEGMENT_SIZE)) : plain.length / SEGMENT_SIZE;
  if (!Number.isInteger(count) || count < 1) throw new RangeError("only the final run of segments may end short");
  const out = Buffer.allocUnsafeSlow((firstIndex === 0 ? HEADER_SIZE : 0) + plain.length + count * TAG_SIZE);
  let at = firstIndex === 0 ? header.copy(out, 0) : 0;
  for (let i = 0; i < count; i++) {
    const index = firstIndex + i;
    const cipher = createCipheriv("aes-256-gcm", key, segmentNonce(header, index, final && i === count - 1), { authTagLength: TAG_SIZE });
    cipher.setAAD(header);
    at += cipher.update(plain.subarray(i * SEGMENT_SIZE, Math.min(plain.length, (i + 1) * SEGMENT_SIZE))).copy(out, at);
    cipher.final();
    at += cipher.getAuthTag().copy(out, at);
  }
  return out;
}

/**
 * Opens sealed segments `firstIndex`, `firstIndex + 1`, … (each its ciphertext and then its tag; every one whole,
 * the blob's final segment `finalIndex` the only short one). Answers the plaintext of every segment that
 * authenticated, and the index of the first that did not (null when all did). No unverified byte is in the answer.
 * The plaintext is in a buffer of its own, or, with `inPlace`, over `sealed`'s own memory (each segment's plaintext
 * lands at or before its ciphertext, once that has been read), so a run crosses threads and back without a copy.
 */
function openSegments(key, header, firstIndex, finalIndex, sealed, inPlace = false) {
  const count = sealed.length === 0 ? 0 : Math.ceil(sealed.length / SEALED_SEGMENT_SIZE);
  const length = Math.max(0, sealed.length - count * TAG_SIZE);
  const plain = inPlace ? sealed.subarray(0, length) : Buffer.allocUnsafeSlow(length);
  let written = 0;
  for (let i = 0; i < count; i++) {
    const index = firstIndex + i;
    const segment = sealed.subarray(i * SEALED_SEGMENT_SIZE, Math.min(sealed.length, (i + 1) * SEALED_SEGMENT_SIZE));
    const short = segment.length !== SEALED_SEGMENT_SIZE;
    // A short segment anywhere but at the blob's end, or one without room for its tag, cannot be authentic.
    if (segment.length < TAG_SIZE || (short && index !== finalIndex) || index > finalIndex) {
      return { plain: plain.subarray(0, written), failedAt: index };
    }
    const decipher = createDecipheriv("aes-256-gcm", key, segmentNonce(header, index, index === finalIndex), { authTagLength: TAG_SIZE });
    decipher.setAAD(header);
    decipher.setAuthTag(segment.subarray(segment.length - TAG_SIZE));
    const opened = decipher.update(segment.subarray(0, segment.length - TAG_SIZE));
    try {
      decipher.final();
    } catch {
      return { plain: plain.subarray(0, written), failedAt: index };
    }
    written += opened.copy(plain, written); // only once it proved authentic
  }
  return { plain, failedAt: null };
}

module.exports = { SEGMENT_SIZE, TAG_SIZE, HEADER_SIZE, SEALED_SEGMENT_SIZE, segmentNonce, sealSegments, openSegments };
