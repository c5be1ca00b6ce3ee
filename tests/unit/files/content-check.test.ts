import { execFileSync } from "node:child_process";
import path from "node:path";
import { blockedExtensionReason, contentMismatchReason } from "@/lib/files/content-check";
import { toDisplayName } from "@/lib/files/display-name";
import { parseEnv } from "@/lib/env";
import { HTML_PAGE, jpegHead, PDF_HEAD, SVG_IMAGE, tinyPng } from "../../support/sample-files";

const root = path.resolve(__dirname, "../../..");

/**
 * What file-type detects for each sample, as store-upload.ts asks it. file-type is an ES module that jest's
 * CommonJS runtime cannot load, so one child Node answers for all samples.
 */
function detect(samples: Buffer[]): Array<string | undefined> {
  const script = `
    import { fileTypeFromBuffer } from "file-type";
    const samples = JSON.parse(process.argv[1]).map((b) => Buffer.from(b, "base64"));
    const found = [];
    for (const sample of samples) found.push((await fileTypeFromBuffer(sample))?.ext ?? null);
    process.stdout.write(JSON.stringify(found));`;
  const out = execFileSync(
    process.execPath,
    ["--input-type=module", "--eval", script, JSON.stringify(samples.map((s) => s.toString("base64")))],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  return (JSON.parse(out) as Array<string | null>).map((ext) => ext ?? undefined);
}

// The check store-upload.ts runs on an upload's first bytes, with its display name.
const samples = {
  png: tinyPng(),
  jpeg: jpegHead(),
  html: HTML_PAGE,
  svg: SVG_IMAGE,
  pdf: PDF_HEAD,
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  empty: Buffer.alloc(0),
  text: Buffer.from("just some notes\n"),
};
type Sample = keyof typeof samples;
let detected: Record<Sample, string | undefined>;

beforeAll(() => {
  const names = Object.keys(samples) as Sample[];
  const found = detect(names.map((n) => samples[n]));
  detected = Object.fromEntries(names.map((n, i) => [n, found[i]])) as Record<Sample, string | undefined>;
});

const uploadCheck = (rawName: string, sample: Sample) => contentMismatchReason(toDisplayName(rawName), detected[sample]);

describe("contentMismatchReason on real bytes", () => {
  it("detects the samples the way the upload sees them", () => {
    expect(detected).toEqual({
      png: "png",
      jpeg: "jpg",
      html: undefined,
      svg: undefined,
      pdf: "pdf",
      zip: "zip",
      empty: undefined,
      text: undefined,
    });
  });

  it.each([
    ["an HTML page named .png", "photo.png", "html"],
    ["an HTML page named .PNG", "photo.PNG", "html"],
    ["an SVG with a script named .png", "logo.png", "svg"],
    ["an HTML page named .jpg", "x.php%00.jpg", "html"],
    ["an HTML page named .jpg behind a literal NUL", "x.php\u0000.jpg", "html"],
    ["an HTML page named .pdf", "invoice.pdf", "html"],
    ["a PNG named .jpg", "photo.jpg", "png"],
    ["a JPEG named .png", "photo.png", "jpeg"],
    ["an empty file named .png", "empty.png", "empty"],
    ["plain text named .zip", "archive.zip", "text"],
    ["an HTML page named .png with trailing dots", "photo.png...", "html"],
  ] as const)("rejects %s", (_case, name, sample) => {
    const reason = uploadCheck(name, sample);
    expect(reason).toEqual(expect.any(String));
    expect(reason).toMatch(/is not a \.\w+ file/);
  });

  it("says what the content looks like when it was recognized", () => {
    expect(uploadCheck("photo.jpg", "png")).toContain("(it looks like .png)");
  });

  it.each([
    ["a real PNG named .png", "photo.png", "png"],
    ["a real PNG named .PNG", "PHOTO.PNG", "png"],
    ["a real PNG named .apng", "anim.apng", "png"],
    ["a real JPEG named .jpeg", "photo.jpeg", "jpeg"],
    ["a real JPEG named .jpg", "photo.jpg", "jpeg"],
    ["a real PDF", "report.pdf", "pdf"],
    ["a real ZIP", "bundle.zip", "zip"],
    // Names that promise no binary format: the bytes are served as an attachment with nosniff, never rendered.
    ["HTML named .txt", "notes.txt", "html"],
    ["HTML named .html", "page.html", "html"],
    ["a PNG with no extension", "README", "png"],
    ["an empty text file", "empty.txt", "empty"],
  ] as const)("accepts %s", (_case, name, sample) => {
    expect(uploadCheck(name, sample)).toBeNull();
  });
});

describe("blockedExtensionReason", () => {
  const { BLOCKED_EXTENSIONS: defaults } = parseEnv({
    AUTH_SECRET: "q8Wv3kZ1xY7pL2mN9rT5sB4cD6fG0hJ-",
    STORAGE_MASTER_KEY: `k1:${Buffer.alloc(32, 7).toString("base64url")}`,
    DATABASE_URL: "file:/tmp/coffer-content-check.db",
  });
  const blocked = (rawName: string, list: Set<string> = defaults) => blockedExtensionReason(toDisplayName(rawName), list);

  it.each(["shell.php", "SHELL.PHP", "x.phtml", "a.jsp", "setup.exe", "run.bat", "install.sh", "tool.ps1"])(
    "blocks %s by default",
    (name) => {
      expect(blocked(name)).toMatch(/^Files of type \.\w+ are not accepted on this server\.$/);
    },
  );

  it.each([
    ["a trailing dot", "shell.php."],
    ["trailing spaces", "shell.php   "],
    ["a trailing dot and space mix", "shell.php. . "],
    ["a path in front", "../../var/www/shell.php"],
    ["a right-to-left override hiding it", "invoice\u202Efdp.exe"],
    ["a control character at the end", "shell.php\u0000"],
    ["a zero-width space at the end", "shell.php\u200B"],
  ])("still blocks a blocked extension behind %s", (_case, name) => {
    expect(blocked(name)).not.toBeNull();
  });

  it("names the blocked extension in lower case", () => {
    expect(blocked("Shell.PhP")).toBe("Files of type .php are not accepted on this server.");
  });

  it.each(["photo.png", "notes.txt", "php", "php.txt", "x.php.jpg", ".php"])("lets %s through", (name) => {
    expect(blocked(name)).toBeNull();
  });

  it("follows the configured list, with or without dots and in any case", () => {
    const { BLOCKED_EXTENSIONS: custom } = parseEnv({
      AUTH_SECRET: "q8Wv3kZ1xY7pL2mN9rT5sB4cD6fG0hJ-",
      STORAGE_MASTER_KEY: `k1:${Buffer.alloc(32, 7).toString("base64url")}`,
      DATABASE_URL: "file:/tmp/coffer-content-check.db",
      BLOCKED_EXTENSIONS: ".HTML, svg",
    });
    expect(blocked("page.html", custom)).not.toBeNull();
    expect(blocked("logo.SVG", custom)).not.toBeNull();
    expect(blocked("shell.php", custom)).toBeNull();
  });
});
