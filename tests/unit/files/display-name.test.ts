import fc from "fast-check";
import { extensionOf, toDisplayName } from "@/lib/files/display-name";
import { expectSafeDisplayName, MAX_NAME_BYTES, WINDOWS_RESERVED } from "../../support/display-name-rules";

const MAX_BYTES = MAX_NAME_BYTES;
const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const expectSafe = expectSafeDisplayName;

describe("toDisplayName", () => {
  it.each([
    ["a Unix path traversal", "../../x"],
    ["a Windows path traversal", "..\\x"],
    ["an absolute Unix path", "/etc/passwd"],
    ["an absolute Windows path", "C:\\Windows\\system32\\cmd.txt"],
    ["a percent-encoded traversal", "%2e%2e%2f"],
    ["an encoded NUL", "x.php%00.jpg"],
    ["a literal NUL", "x.php\u0000.jpg"],
    ["a dot file", ".htaccess"],
    ["a leading dash", "-rf --no-preserve-root"],
    ["a right-to-left override", "invoice\u202Efdp.exe"],
    ["bidi isolates and marks", "\u2066a\u2069\u200Fb\u200E\u061C.txt"],
    ["zero-width characters and a BOM", "\uFEFFa\u200Bb\u2060.txt"],
    ["CR and LF", "a\r\nContent-Type: text/html.txt"],
    ["other control characters", "a\u0007\u001B[31m\u007F\u0085b.txt"],
    ["a reserved device name", "CON"],
    ["a reserved device name with an extension", "con.txt"],
    ["other reserved device names", "Lpt9.log"],
    ["the empty string", ""],
    ["only spaces", "   "],
    ["only dots", "..."],
    ["only separators", "/\\/"],
    ["only a bidi override", "\u202E"],
    ["trailing dots and spaces", "report.pdf. . "],
    ["a lone high surrogate", "a\uD800b.txt"],
    ["a lone low surrogate", "\uDC00.txt"],
  ])("makes %s safe", (_case, raw) => {
    expectSafe(toDisplayName(raw));
  });

  it("keeps only the last path segment's characters, never a separator or a leading dot", () => {
    expect(toDisplayName("../../x")).toBe("x");
    expect(toDisplayName("..\\x")).toBe("x");
  });

  it("does not decode percent-escapes, so an encoded traversal stays inert text", () => {
    expect(toDisplayName("%2e%2e%2f")).toBe("%2e%2e%2f");
    expect(toDisplayName("x.php%00.jpg")).toBe("x.php%00.jpg");
  });

  it("drops a literal NUL instead of cutting the name at it, so the real extension stays visible", () => {
    const name = toDisplayName("x.php\u0000.jpg");
    expect(name).not.toContain("\u0000");
    expect(extensionOf(name)).toBe("jpg");
  });

  it("never makes a hidden file or an option", () => {
    expect(toDisplayName(".htaccess")).toBe("htaccess");
    expect(toDisplayName("-rf")).toBe("rf");
    expect(toDisplayName(" . -x.txt")).toBe("x.txt");
  });

  it("removes a right-to-left override, so the shown extension is the real one", () => {
    const name = toDisplayName("invoice\u202Efdp.exe");
    expect(name).toBe("invoicefdp.exe");
    expect(extensionOf(name)).toBe("exe");
  });

  it("removes CR and LF, so a name cannot split a header or a log line", () => {
    expect(toDisplayName("a\r\nb.txt")).toBe("ab.txt");
  });

  it("turns other white space (tabs, line separators) into single spaces", () => {
    expect(toDisplayName("a\t\u2028 b.txt")).toBe("a b.txt");
  });

  it("prefixes Windows device names, with or without an extension, in any case", () => {
    for (const raw of ["CON", "con", "con.txt", "PRN.log", "aux", "NUL.tar.gz", "com1", "LPT9.txt"]) {
      const name = toDisplayName(raw);
      expect(name).not.toMatch(WINDOWS_RESERVED);
      expect(name.toLowerCase()).toContain(raw.toLowerCase());
    }
    // Names that only start like a device name are left alone.
    expect(toDisplayName("console.txt")).toBe("console.txt");
  });

  it("falls back to a name when nothing usable is left", () => {
    for (const raw of ["", "   ", "...", "/", "\\", "\u202E\u200B", "\u0000\r\n", " - . "]) {
      const name = toDisplayName(raw);
      expect(name.length).toBeGreaterThan(0);
      expectSafe(name);
    }
  });

  it("normalizes to NFC, so the same visible name is the same string", () => {
    expect(toDisplayName("re\u0301sume\u0301.pdf")).toBe("r\u00e9sum\u00e9.pdf");
  });

  it("replaces lone surrogates, which no header or file system can carry", () => {
    const name = toDisplayName("a\uD800b.txt");
    expect(name.isWellFormed()).toBe(true);
    expect(name).toMatch(/^a.*b\.txt$/u);
  });

  describe("names longer than 255 UTF-8 bytes", () => {
    it.each([
      ["ASCII", "a", 1],
      ["two-byte", "\u00e9", 2],
      ["three-byte", "\u65e5", 3],
      ["four-byte (astral)", "\u{1F600}", 4],
    ])("cuts %s characters on a code point and keeps the extension", (_case, char, width) => {
      const raw = char.repeat(400) + ".txt";
      const name = toDisplayName(raw);
      expectSafe(name);
      expect(name.endsWith(".txt")).toBe(true);
      const stem = name.slice(0, -".txt".length);
      // Only whole copies of the character: nothing cut in half, no replacement character.
      expect(stem).toBe(char.repeat([...stem].length));
      // It uses the room it has: less than one character short of the limit.
      expect(bytes(name)).toBeGreaterThan(MAX_BYTES - width);
    });

    it("keeps the extension exactly as written, case included", () => {
      const name = toDisplayName(`${"A".repeat(300)}.JPG`);
      expect(bytes(name)).toBeLessThanOrEqual(MAX_BYTES);
      expect(name.endsWith(".JPG")).toBe(true);
    });

    it("keeps a multibyte extension whole", () => {
      const name = toDisplayName(`${"x".repeat(300)}.\u65e5\u672c`);
      expectSafe(name);
      expect(name.endsWith(".\u65e5\u672c")).toBe(true);
    });

    it("does not keep an absurdly long extension, and still fits", () => {
      const name = toDisplayName(`a.${"b".repeat(400)}`);
      expectSafe(name);
      expect(bytes(name)).toBe(MAX_BYTES);
    });

    it("does not leave a trailing space or dot where it cut", () => {
      for (const raw of [`${"a".repeat(254)} b`, `${"a".repeat(254)}. ${"x".repeat(20)}`, `${"a".repeat(253)}..${"x".repeat(30)}`]) {
        expectSafe(toDisplayName(raw));
      }
    });

    it("prefixes a Windows device name that only the cut uncovers", () => {
      // Found by the property test below: the cut drops the dots after "con" and keeps the extension.
      const name = toDisplayName(`con ${".".repeat(250)}con `);
      expectSafe(name);
      expect(name).toBe("_con.con");
    });

    it("cuts a hostile long name after removing what is unsafe", () => {
      const name = toDisplayName(`../${"\u202E".repeat(100)}${"\u00e9".repeat(200)}\r\n.php`);
      expectSafe(name);
      expect(extensionOf(name)).toBe("php"); // so the blocked-extension check still sees it
    });
  });

  // Fragments that hostile names are made of, mixed with arbitrary code units (lone surrogates included).
  const hostileFragment = fc.oneof(
    fc.constantFrom(
      "/",
      "\\",
      ".",
      "..",
      "-",
      " ",
      "\t",
      "\u0000",
      "\r",
      "\n",
      "\u0085",
      "\u2028",
      "\u202E",
      "\u2066",
      "\u061C",
      "\u200F",
      "\uFEFF",
      "\u200B",
      "CON",
      "con",
      "lpt1",
      ".txt",
      ".PNG",
      ".php",
      "%2e%2e%2f",
      "\u00e9",
      "e\u0301",
      "\u65e5",
      "\u{1F600}",
      "\uD800",
      "\uDC00",
    ),
    fc.string({ unit: "binary", maxLength: 8 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  );
  const hostileName = fc.oneof(
    fc.array(hostileFragment, { maxLength: 40 }).map((parts) => parts.join("")),
    fc
      .tuple(fc.array(hostileFragment, { maxLength: 10 }), fc.nat({ max: 300 }), fc.constantFrom("a", "\u00e9", "\u{1F600}", " ", "."))
      .map(([parts, count, filler]) => parts.join("") + filler.repeat(count) + parts.join("")),
  );

  it("satisfies every rule for any input", () => {
    fc.assert(
      fc.property(hostileName, (raw) => {
        expectSafe(toDisplayName(raw));
      }),
      { numRuns: 3000 },
    );
  });

  it("is idempotent, so renaming a file to its own name changes nothing", () => {
    fc.assert(
      fc.property(hostileName, (raw) => {
        const once = toDisplayName(raw);
        expect(toDisplayName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves an ordinary name alone", () => {
    for (const raw of ["report.pdf", "Holiday photo 2024.JPG", "r\u00e9sum\u00e9 (final).docx", "\u65e5\u672c\u8a9e.txt", "a-b_c.tar.gz"]) {
      expect(toDisplayName(raw)).toBe(raw);
    }
  });
});

describe("extensionOf", () => {
  it("is the last extension, lower-cased, and none for dot files or names without a dot", () => {
    expect(extensionOf("a.tar.GZ")).toBe("gz");
    expect(extensionOf("x.php.jpg")).toBe("jpg");
    expect(extensionOf("README")).toBe("");
    expect(extensionOf(".env")).toBe("");
  });
});
