// The S3 driver's part plan, by S3's rules (the test server enforces the 5 MiB minimum, but no test can upload
// 10,000 parts or a 5 TiB file): cut the writes an upload makes, as lib/files/store-upload.ts makes them (whole
// sealed segments, about a MiB at a time), and check every part.
import { ciphertextSize, HEADER_SIZE, SEALED_SEGMENT_SIZE, SEGMENT_SIZE, TAG_SIZE } from "@/lib/crypto/segmented-stream";
import { PartCutter, partThreshold, S3_MAX_OBJECT_BYTES, S3_MAX_PART_BYTES, S3_MAX_PARTS, S3_MIN_PART_BYTES } from "@/lib/storage/s3/part-plan";

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

/**
 * The sizes of the writes an upload of `plainSize` bytes makes: the header, then batches of `perBatch` to
 * 2 × `perBatch` - 1 segments (uploads write about a MiB, 16 segments; the largest files are cut from bigger
 * batches to keep the test quick, which only makes parts larger and fewer).
 */
function* uploadWrites(plainSize: number, perBatch: number): Generator<{ length: number }[]> {
  const segments = Math.max(1, Math.ceil(plainSize / SEGMENT_SIZE));
  let seed = 7;
  for (let i = 0; i < segments; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const take = Math.min(segments - i, perBatch + (seed % perBatch));
    const batch: { length: number }[] = i === 0 ? [{ length: HEADER_SIZE }] : [];
    for (let j = 0; j < take; j++, i++) {
      const last = i === segments - 1;
      batch.push({ length: (last ? plainSize - (segments - 1) * SEGMENT_SIZE : SEGMENT_SIZE) + TAG_SIZE });
    }
    yield batch;
  }
}

function plan(plainSize: number, maxPlain = plainSize) {
  const perBatch = plainSize > 100 * GiB ? 4096 : 16;
  const cutter = new PartCutter<{ length: number }>(partThreshold(ciphertextSize(maxPlain)));
  const parts: number[] = [];
  const sum = (items: { length: number }[]) => items.reduce((total, item) => total + item.length, 0);
  for (const batch of uploadWrites(plainSize, perBatch)) {
    const part = cutter.add(batch);
    if (part) parts.push(sum(part));
  }
  const last = sum(cutter.take());
  return { parts, last };
}

function expectValid(plainSize: number, maxPlain = plainSize) {
  const { parts, last } = plan(plainSize, maxPlain);
  const all = last > 0 || parts.length === 0 ? [...parts, last] : parts;
  expect(all.reduce((a, b) => a + b, 0)).toBe(ciphertextSize(plainSize));
  expect(all.length).toBeLessThanOrEqual(S3_MAX_PARTS);
  for (const size of all.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(S3_MIN_PART_BYTES);
  for (const size of all) expect(size).toBeLessThanOrEqual(S3_MAX_PART_BYTES);
  // Every part ends on a segment boundary (the header, then whole sealed segments), or at the blob's end.
  let offset = 0;
  for (const size of parts) {
    offset += size;
    if (offset < ciphertextSize(plainSize)) expect((offset - HEADER_SIZE) % SEALED_SEGMENT_SIZE).toBe(0);
  }
  return all;
}

describe("S3 part plan", () => {
  it("starts at S3's 5 MiB minimum and grows with the largest blob allowed", () => {
    expect(partThreshold(0)).toBe(S3_MIN_PART_BYTES);
    expect(partThreshold(ciphertextSize(2 * GiB))).toBe(S3_MIN_PART_BYTES);
    expect(partThreshold(ciphertextSize(100 * GiB))).toBeGreaterThan(10 * 1024 * 1024);
    expect(partThreshold(S3_MAX_OBJECT_BYTES)).toBeLessThan(S3_MAX_PART_BYTES);
    expect(() => partThreshold(S3_MAX_OBJECT_BYTES + 1)).toThrow(/5 TiB/);
  });

  it("sends a blob under one part as one object (no multipart upload)", () => {
    expect(plan(5 * 1024 * 1024 - 2000)).toEqual({ parts: [], last: ciphertextSize(5 * 1024 * 1024 - 2000) });
    expect(plan(0)).toEqual({ parts: [], last: ciphertextSize(0) });
  });

  it.each([
    ["5 MiB + 1", 5 * 1024 * 1024 + 1, 5 * 1024 * 1024 + 1],
    ["1 GiB", GiB, GiB],
    ["2 GiB (the default MAX_FILE_SIZE)", 2 * GiB, 2 * GiB],
    ["2 GiB in a server allowing 100 GiB", 2 * GiB, 100 * GiB],
  ])("cuts %s into valid parts of whole segments", (_label, size, max) => {
    expectValid(size, max);
  });

  it("fits the largest files in 10,000 parts of whole segments", () => {
    const largest = Math.floor(((S3_MAX_OBJECT_BYTES - HEADER_SIZE) / SEALED_SEGMENT_SIZE) * SEGMENT_SIZE) - SEGMENT_SIZE;
    expect(ciphertextSize(largest)).toBeLessThanOrEqual(S3_MAX_OBJECT_BYTES);
    expectValid(largest);
    expect(expectValid(TiB).length).toBeLessThanOrEqual(S3_MAX_PARTS);
  });
});
