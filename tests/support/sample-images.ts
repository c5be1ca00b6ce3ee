// Real images of every type Coffer previews, drawn by sharp, and files built to fool a browser: a JPEG that
// is also an HTML page, an SVG that runs script, an HTML page with an image's name. Shared by the preview
// integration tests and the browser tests.
import sharp from "sharp";

export const IMAGE_FORMATS = ["jpeg", "png", "webp", "gif", "avif"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export const EXTENSION: Record<ImageFormat, string> = { jpeg: "jpg", png: "png", webp: "webp", gif: "gif", avif: "avif" };
export const DETECTED_TYPE: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
};

/** A 640×400 picture (two halves of different colours, so a crop shows) in the given format. */
export async function sampleImage(format: ImageFormat, size = { width: 640, height: 400 }): Promise<Buffer> {
  const half = Math.floor(size.width / 2);
  const left = await sharp({ create: { width: half, height: size.height, channels: 3, background: "#4f46e5" } })
    .png()
    .toBuffer();
  const image = sharp({ create: { width: size.width, height: size.height, channels: 3, background: "#f59e0b" } }).composite([
    { input: left, left: 0, top: 0 },
  ]);
  return image.toFormat(format).toBuffer();
}

/** What a script in these files does when it runs: it sets the window's name, which a test can read. */
export const PAYLOAD = `<script>window.name = "pwned"; document.title = "pwned"; alert("pwned")</script>`;

/** A valid JPEG whose comment segment (right after SOI) is an HTML page with a script: a JPEG/HTML polyglot. */
export async function polyglotJpeg(): Promise<Buffer> {
  const jpeg = await sampleImage("jpeg", { width: 64, height: 64 });
  const html = Buffer.from(`<html><body>${PAYLOAD}</body></html>`, "latin1");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(html.length + 2);
  // SOI, then a COM segment (FF FE, length), then the rest of the JPEG as it was.
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe]), length, html, jpeg.subarray(2)]);
}

export const SCRIPTED_SVG = Buffer.from(
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="window.name='pwned'">` +
    `<script>window.name = "pwned"; alert("pwned")</script><rect width="64" height="64" fill="red"/></svg>`,
);

export const HTML_PAGE = Buffer.from(`<!doctype html><html><body><h1>Hello</h1>${PAYLOAD}</body></html>`);

/**
 * A one-page PDF whose opening action is JavaScript: Chrome's own viewer runs it (an alert, and the document's title
 * set to "pwned"); Coffer's PDF.js draws the page and runs nothing. The cross-reference table is exact.
 */
export function scriptedPdf(): Buffer {
  const content = "BT /F1 24 Tf 30 90 Td (Quarterly report) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\); this.title = 'pwned';) >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.7\n";
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
