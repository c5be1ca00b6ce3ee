// The uploader in the browser: progress and speed while a file travels, cancel, the server's refusal on its row,
// a file over the limit refused before a byte is sent, one toast per batch and a panel that sums the batch up.
// The network is a transport the test drives (tests/components/tus-transport.test.ts tests the real one).
import { act, fireEvent, screen, within } from "@testing-library/react";
import { Uploader } from "@/components/files/uploader";
import type { UploadEvents, UploadTransport } from "@/components/files/upload-transport";
import { renderWithApp } from "../support/render-with-app";

type Sent = { file: File; events: UploadEvents; aborted: boolean };

function recordingTransport() {
  const sent: Sent[] = [];
  const transport: UploadTransport = (file, events) => {
    const entry: Sent = { file, events, aborted: false };
    sent.push(entry);
    return {
      abort() {
        entry.aborted = true;
        events.cancelled();
      },
    };
  };
  return { sent, transport };
}

function choose(...files: File[]) {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  fireEvent.change(input, { target: { files } });
}

const fileOf = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: "application/octet-stream" });

it("shows each file's progress, then Done and a toast, and refreshes the page", async () => {
  const { sent, transport } = recordingTransport();
  const { router } = renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("notes.txt", 1000));
  expect(sent.map((s) => s.file.name)).toEqual(["notes.txt"]);

  const row = screen.getByText("notes.txt").closest("li")!;
  act(() => sent[0].events.progress(400));
  expect(within(row).getByText(/^40% · /)).toBeInTheDocument();
  expect(within(row).getByRole("progressbar", { name: "Progress of notes.txt" })).toHaveAttribute("value", "40");

  act(() => sent[0].events.uploaded("file-1"));
  expect(within(row).getByText("Done")).toBeInTheDocument();
  expect(row).toHaveAttribute("data-file-id", "file-1");
  expect(within(row).queryByRole("button", { name: /cancel/i })).toBeNull();
  expect(await screen.findByText('Uploaded "notes.txt".')).toBeInTheDocument();
  expect(router.refreshes).toBe(1);
});

it("takes up an upload the server already holds part of: the progress starts there, the row says so, the speed counts only new bytes", async () => {
  const { sent, transport } = recordingTransport();
  const now = jest.spyOn(performance, "now").mockReturnValue(1_000);
  renderWithApp(<Uploader maxFileSize={10 * 1024 * 1024} transport={transport} />);
  choose(fileOf("video.mp4", 4 * 1024 * 1024));
  const row = screen.getByText("video.mp4").closest("li")!;
  act(() => sent[0].events.resumed(3 * 1024 * 1024));
  expect(within(row).getByRole("progressbar", { name: "Progress of video.mp4" })).toHaveAttribute("value", "75");
  expect(within(row).getByText("Continuing: 3 MiB had already arrived.")).toBeInTheDocument();

  now.mockReturnValue(2_000);
  act(() => sent[0].events.progress(3.5 * 1024 * 1024));
  // Half a MiB in the second since the server answered, not 3.5 MiB.
  expect(within(row).getByText("87% · 512 KiB/s")).toBeInTheDocument();
  act(() => sent[0].events.uploaded("file-9"));
  expect(within(row).getByText("Done")).toBeInTheDocument();
  expect(within(row).queryByText(/^Continuing/)).toBeNull();
  expect(await screen.findByText('Uploaded "video.mp4".')).toBeInTheDocument();
  now.mockRestore();
});

it("cancels a lone upload under way: the request is aborted, the row and a toast say so", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("big.iso", 5000));
  act(() => sent[0].events.progress(100));
  fireEvent.click(screen.getByRole("button", { name: "Cancel upload of big.iso" }));
  expect(sent[0].aborted).toBe(true);
  expect(within(screen.getByText("big.iso").closest("li")!).getByText("Cancelled")).toBeInTheDocument();
  expect(await screen.findByText('Upload of "big.iso" cancelled.')).toBeInTheDocument();
});

it("cancels one upload of a batch: the others go on, and the batch's one toast counts it", async () => {
  const { sent, transport } = recordingTransport();
  const { router } = renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("big.iso", 5000), fileOf("small.txt", 10));
  act(() => sent[0].events.progress(100));

  fireEvent.click(screen.getByRole("button", { name: "Cancel upload of big.iso" }));
  expect(sent[0].aborted).toBe(true);
  expect(sent[1].aborted).toBe(false);
  const row = screen.getByText("big.iso").closest("li")!;
  expect(within(row).getByText("Cancelled")).toBeInTheDocument();
  // The other upload goes on; no toast until the batch has ended.
  expect(screen.getByRole("button", { name: "Cancel upload of small.txt" })).toBeInTheDocument();
  expect(screen.queryByText(/cancelled\./)).toBeNull();
  expect(router.refreshes).toBe(0);
  act(() => sent[1].events.uploaded("file-1"));
  expect(await screen.findByText("Uploaded 1 of 2 files; 1 cancelled.")).toBeInTheDocument();
  expect(screen.getByTestId("upload-summary")).toHaveTextContent("1 uploaded, 1 cancelled");
});

it("refuses a file over the limit before sending anything: listed in red with the reason, the others still sent", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1024} transport={transport} />);
  choose(fileOf("too-big.bin", 1025), fileOf("fits.bin", 1024));
  expect(sent.map((s) => s.file.name)).toEqual(["fits.bin"]);
  const row = screen.getByText("too-big.bin").closest("li")!;
  expect(within(row).getByText("Not uploaded")).toBeInTheDocument();
  expect(within(row).getByText("It is larger than the 1 KiB limit.")).toBeInTheDocument();
  expect(within(row).queryByRole("progressbar")).toBeNull();
  expect(row).toHaveClass("border-red-300");
  act(() => sent[0].events.uploaded("file-1"));
  expect(await screen.findByText("Uploaded 1 of 2 files; 1 was not uploaded (see the list).")).toBeInTheDocument();
});

it("names a lone file over the limit in its toast", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1024} transport={transport} />);
  choose(fileOf("too-big.bin", 1025));
  expect(sent).toEqual([]);
  expect(await screen.findByText('"too-big.bin" was not uploaded: it is larger than the 1 KiB limit.')).toBeInTheDocument();
});

it("sums a batch of 16 up in one toast and one line, folds the list away and clears the finished files", async () => {
  const { sent, transport } = recordingTransport();
  const { router } = renderWithApp(<Uploader maxFileSize={1024} maxConcurrent={4} transport={transport} />);
  const names = Array.from({ length: 16 }, (_, i) => `photo-${i + 1}.jpg`);
  choose(...names.map((name) => fileOf(name, 100)), fileOf("huge.iso", 2048));
  expect(screen.getByTestId("upload-summary")).toHaveTextContent("4 uploading, 12 waiting, 1 not uploaded");
  for (let i = 0; i < 16; i++) act(() => sent[i].events.uploaded(`file-${i + 1}`));
  expect(sent).toHaveLength(16);
  expect(await screen.findByText("Uploaded 16 of 17 files; 1 was not uploaded (see the list).")).toBeInTheDocument();
  // One toast for the batch, none per file.
  expect(screen.queryByText(/^Uploaded "/)).toBeNull();
  expect(screen.getByTestId("upload-summary")).toHaveTextContent("16 uploaded, 1 not uploaded");
  expect(router.refreshes).toBe(16);

  const list = screen.getByRole("list", { name: "Uploads" });
  fireEvent.click(screen.getByRole("button", { name: "Hide list" }));
  expect(list).not.toBeVisible();
  expect(screen.getByRole("button", { name: "Show list" })).toHaveAttribute("aria-expanded", "false");
  fireEvent.click(screen.getByRole("button", { name: "Show list" }));
  expect(list).toBeVisible();

  fireEvent.click(screen.getByRole("button", { name: "Clear finished" }));
  expect(screen.queryByRole("list", { name: "Uploads" })).toBeNull();
  expect(screen.queryByTestId("upload-summary")).toBeNull();
});

it("shows the server's refusal on the row, in red without a progress bar, and in a toast", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("page.html.png", 10));
  act(() => sent[0].events.failed('The content of "page.html.png" is not a .png file.'));
  const row = screen.getByText("page.html.png").closest("li")!;
  expect(within(row).getByText("Not uploaded")).toBeInTheDocument();
  expect(within(row).queryByRole("progressbar")).toBeNull();
  expect(within(row).getByText('The content of "page.html.png" is not a .png file.')).toBeInTheDocument();
  expect(
    await screen.findByText('"page.html.png" was not uploaded: The content of "page.html.png" is not a .png file.'),
  ).toBeInTheDocument();
});

it("says so when the connection is lost", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("far-away.txt", 10));
  act(() => sent[0].events.lost());
  expect(await screen.findByText('"far-away.txt" was not uploaded: the connection was lost.')).toBeInTheDocument();
});

it("sends at most as many files at once as the server allows; the others wait, and can be cancelled while they wait", async () => {
  const { sent, transport } = recordingTransport();
  renderWithApp(<Uploader maxFileSize={1_000_000} maxConcurrent={2} transport={transport} />);
  choose(fileOf("a.txt", 10), fileOf("b.txt", 10), fileOf("c.txt", 10), fileOf("d.txt", 10));
  expect(sent.map((s) => s.file.name)).toEqual(["a.txt", "b.txt"]);
  expect(within(screen.getByText("c.txt").closest("li")!).getByText("Waiting")).toBeInTheDocument();

  fireEvent.click(screen.getByRole("button", { name: "Cancel upload of c.txt" }));
  expect(within(screen.getByText("c.txt").closest("li")!).getByText("Cancelled")).toBeInTheDocument();
  act(() => sent[0].events.uploaded("file-1"));
  // a.txt's slot goes to d.txt; c.txt was cancelled and never sent.
  expect(sent.map((s) => s.file.name)).toEqual(["a.txt", "b.txt", "d.txt"]);
});

it("shows the progress of the uploads under way in the page title, and gives the title back after", async () => {
  const { sent, transport } = recordingTransport();
  document.title = "My files · Coffer";
  renderWithApp(<Uploader maxFileSize={1_000_000} transport={transport} />);
  choose(fileOf("one.bin", 1000), fileOf("two.bin", 3000));
  expect(document.title).toBe("0% · Uploading 2 files · My files · Coffer");
  act(() => sent[1].events.progress(2000));
  expect(document.title).toBe("50% · Uploading 2 files · My files · Coffer");
  act(() => sent[0].events.uploaded("file-1"));
  expect(document.title).toBe("66% · Uploading 1 file · My files · Coffer");
  act(() => sent[1].events.uploaded("file-1"));
  expect(document.title).toBe("My files · Coffer");
});
