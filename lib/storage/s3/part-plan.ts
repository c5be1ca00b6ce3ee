// How a write to S3 is cut into the parts of a multipart upload, by S3's own rules (which s3rver, the test server,
// does not all enforce): every part but the last holds at least 5 MiB, no part more than 5 GiB, at most 10,000
// parts. A part ends only where a write ended, so parts (and checkpoints) hold whole segments; the threshold grows
// with the most the blob may hold, so the largest allowed file still fits in 10,000 parts while memory stays one
// part per upload, whatever the file's size (docs/decisions/037).

export const S3_MIN_PART_BYTES = 5 * 1024 * 1024;
export const S3_MAX_PART_BYTES = 5 * 1024 ** 3;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/** Bytes a part gathers before it is sent, for a blob of at most `maxBytes`. */
export function partThreshold(maxBytes: number): number {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`invalid blob size ${maxBytes}`);
  if (maxBytes > S3_MAX_OBJECT_BYTES) throw new RangeError(`S3 objects hold at most 5 TiB; a blob of ${maxBytes} bytes does not fit`);
  // Every part but the last holds at least the threshold, so there are at most maxBytes / threshold + 1 parts.
  return Math.max(S3_MIN_PART_BYTES, Math.ceil(maxBytes / (S3_MAX_PARTS - 1)));
}

/**
 * Gathers writes into parts: `add` answers a part's buffers once the gathered writes reach the threshold, never
 * splitting a write. Generic over what has a length, so the plan can be checked without the bytes.
 */
export class PartCutter<T extends { length: number }> {
  private gathered: T[] = [];
  private gatheredBytes = 0;

  constructor(readonly threshold: number) {}

  add(items: T[]): T[] | null {
    for (const item of items) {
      if (item.length === 0) continue;
      this.gathered.push(item);
      this.gatheredBytes += item.length;
    }
    return this.gatheredBytes >= this.threshold ? this.take() : null;
  }

  /** What is gathered, as the last part (possibly nothing). */
  take(): T[] {
    const part = this.gathered;
    this.gathered = [];
    this.gatheredBytes = 0;
    return part;
  }
}
