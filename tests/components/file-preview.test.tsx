// The preview chooser: what the file page and a link's page show for each kind of file. Only what Coffer
// detected decides, never the name alone for a binary type; HTML, SVG and unknown files get a download button;
// text and Markdown are shown as text, their markup escaped or dropped; a PDF is drawn by PDF.js, never framed.
import { fireEvent, render, screen } from "@testing-library/react";
import { FilePreview } from "@/components/files/file-preview";
import { previewKind } from "@/lib/files/preview-kind";

const urls = { previewUrl: "/api/files/f1/preview", downloadUrl: "/api/files/f1/download" };
const show = (name: string, mimeType: string, text?: { text: string; truncated: boolean } | null) =>
  render(<FilePreview file={{ name, mimeType }} {...urls} text={text} />);

it.each([
  ["photo.jpg", "image/jpeg"],
  ["diagram.png", "image/png"],
  ["banner.webp", "image/webp"],
  ["anim.gif", "image/gif"],
  ["poster.avif", "image/avif"],
])("shows %s as the server's WebP rendering", (name, type) => {
  const { container } = show(name, type);
  expect(screen.getByRole("img", { name: `Preview of ${name}` })).toHaveAttribute("src", urls.previewUrl);
  expect(container.querySelector("[data-preview]")).toHaveAttribute("data-preview", "image");
});

it("falls back to a download button when the server has no rendering of an image", () => {
  show("huge.png", "image/png");
  fireEvent.error(screen.getByRole("img", { name: "Preview of huge.png" }));
  expect(screen.getByText("This image cannot be previewed. Download it to open it.")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Download huge.png" })).toHaveAttribute("href", urls.downloadUrl);
});

it("draws a PDF with Coffer's PDF.js, never in a frame (the browser's viewer runs document scripts)", async () => {
  const { container } = show("report.pdf", "application/pdf");
  expect(screen.getByLabelText("Preview of report.pdf")).toHaveAttribute("aria-busy", "true");
  expect(screen.getByRole("status")).toHaveTextContent("Loading the PDF…");
  expect(container.querySelector("iframe, embed, object")).toBeNull();
  // jsdom has no Worker: PDF.js cannot start, and the preview falls back to the download.
  expect(await screen.findByText("This PDF could not be shown here: download it to open it.")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Download report.pdf" })).toHaveAttribute("href", urls.downloadUrl);
});

it("plays audio and video in the browser from the preview route", () => {
  const audio = show("song.mp3", "audio/mpeg");
  expect(audio.container.querySelector("audio")).toHaveAttribute("src", urls.previewUrl);
  audio.unmount();
  const video = show("clip.webm", "video/webm");
  expect(video.container.querySelector("video")).toHaveAttribute("src", urls.previewUrl);
  expect(video.container.querySelector("video")).toHaveAttribute("controls");
});

it("shows text as text: markup in it is visible, never rendered", () => {
  const { container } = show("page.txt", "application/octet-stream", { text: "<script>alert(1)</script><b>bold</b>", truncated: true });
  expect(screen.getByLabelText("Text of page.txt")).toHaveTextContent("<script>alert(1)</script><b>bold</b>");
  expect(container.querySelector("script, b")).toBeNull();
  expect(screen.getByText("Only the first 64 KiB are shown.")).toBeInTheDocument();
});

it("renders Markdown without its raw HTML, without images from elsewhere, and with headings under the page's", () => {
  const source =
    '# Title\n\nSome **bold** [link](https://example.com) [bad](javascript:alert(1))\n\n<script>alert(1)</script><img src="x" onerror="alert(1)">\n\n![tracker](https://evil.example/p.png)\n';
  const { container } = show("notes.md", "application/octet-stream", { text: source, truncated: false });
  expect(screen.getByRole("heading", { level: 3, name: "Title" })).toBeInTheDocument();
  expect(container.querySelector("strong")).toHaveTextContent("bold");
  expect(screen.getByRole("link", { name: "link" })).toHaveAttribute("href", "https://example.com");
  // A javascript: target loses its URL.
  expect(screen.getByText("bad").closest("a")?.getAttribute("href") ?? "").not.toContain("javascript");
  expect(container.querySelector("script, img, iframe")).toBeNull();
  expect(screen.getByText("[image: tracker]")).toBeInTheDocument();
});

it.each([
  ["page.html", "application/octet-stream"],
  ["drawing.svg", "application/octet-stream"],
  ["drawing.svg", "application/xml"],
  ["tool.exe", "application/x-msdownload"],
  ["archive.zip", "application/zip"],
  ["mystery", "application/octet-stream"],
  // A name that promises text does not turn an image's bytes into text: the detected type wins.
  ["notes.txt", "image/x-icon"],
])("offers %s (%s) only as a download", (name, type) => {
  const { container } = show(name, type);
  expect(container.querySelector("[data-preview]")).toHaveAttribute("data-preview", "none");
  expect(screen.getByRole("link", { name: `Download ${name}` })).toHaveAttribute("href", urls.downloadUrl);
  expect(container.querySelector("img, iframe, audio, video, pre")).toBeNull();
});

it("offers a text file that turned out to be binary as a download", () => {
  show("data.txt", "application/octet-stream", null);
  expect(screen.getByRole("link", { name: "Download data.txt" })).toBeInTheDocument();
});

it("decides from the detected type, and from the extension only for text", () => {
  expect(previewKind({ name: "photo.txt", mimeType: "image/png" })).toBe("image");
  expect(previewKind({ name: "notes.md", mimeType: "application/octet-stream" })).toBe("markdown");
  expect(previewKind({ name: "data.xml", mimeType: "application/xml" })).toBe("text");
  expect(previewKind({ name: "movie.mov", mimeType: "video/quicktime" })).toBe("none");
});

it("renders GitHub-flavoured Markdown tables as tables", () => {
  const source = "| Name | Size |\n| :--- | ---: |\n| a.txt | 1 KB |\n| b.txt | 2 KB |\n\n~~gone~~\n";
  const { container } = show("table.md", "application/octet-stream", { text: source, truncated: false });
  const table = screen.getByRole("table");
  expect(table.querySelectorAll("th")).toHaveLength(2);
  expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
  expect(screen.getByRole("cell", { name: "2 KB" })).toBeInTheDocument();
  expect(container.querySelector("del")).toHaveTextContent("gone");
});
