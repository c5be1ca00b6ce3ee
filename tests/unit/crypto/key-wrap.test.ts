import { randomBytes } from "node:crypto";
import { generateDataKey, KeyUnwrapError, keyCheckValue, unwrapDataKey, wrapDataKey } from "@/lib/crypto/key-wrap";

const master = randomBytes(32);

function tamper(wrapped: string, index: number): string {
  const body = Buffer.from(wrapped.slice(3), "base64url");
  body[index] ^= 0x01;
  return "v1." + body.toString("base64url");
}

describe("key wrap", () => {
  it("generates distinct 32-byte data keys", () => {
    const a = generateDataKey();
    expect(a).toHaveLength(32);
    expect(a.equals(generateDataKey())).toBe(false);
  });

  it("round-trips and uses a fresh nonce each time", () => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(dek, master);
    expect(wrapped).toMatch(/^v1\.[A-Za-z0-9_-]{80}$/);
    expect(unwrapDataKey(wrapped, master).equals(dek)).toBe(true);
    expect(wrapDataKey(dek, master)).not.toBe(wrapped);
  });

  it("rejects the wrong master key", () => {
    const wrapped = wrapDataKey(generateDataKey(), master);
    expect(() => unwrapDataKey(wrapped, randomBytes(32))).toThrow(KeyUnwrapError);
    expect(() => unwrapDataKey(wrapped, randomBytes(16))).toThrow(KeyUnwrapError);
  });

  it.each([0, 11, 12, 43, 44, 59])("rejects a flipped byte at %i", (index) => {
    const wrapped = wrapDataKey(generateDataKey(), master);
    expect(() => unwrapDataKey(tamper(wrapped, index), master)).toThrow(KeyUnwrapError);
  });

  it("rejects malformed input", () => {
    const wrapped = wrapDataKey(generateDataKey(), master);
    for (const bad of [
      "",
      "v1.",
      "v2." + wrapped.slice(3),
      wrapped.slice(0, -2),
      wrapped + "AA",
      wrapped + "!",
      wrapped.replace("v1.", ""),
    ]) {
      expect(() => unwrapDataKey(bad, master)).toThrow(KeyUnwrapError);
    }
    try {
      unwrapDataKey("nope", master);
    } catch (error) {
      expect((error as Error).name).toBe("KeyUnwrapError");
    }
  });

  it("refuses to wrap keys of the wrong size", () => {
    expect(() => wrapDataKey(randomBytes(16), master)).toThrow(RangeError);
    expect(() => wrapDataKey(generateDataKey(), randomBytes(31))).toThrow(RangeError);
  });

  it("keyCheckValue is stable, short and key-specific", () => {
    const kcv = keyCheckValue(master);
    expect(kcv).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(keyCheckValue(Buffer.from(master))).toBe(kcv);
    expect(keyCheckValue(randomBytes(32))).not.toBe(kcv);
  });
});
