// What the uploader needs of the network for one file; components/files/tus-transport.ts is the real one, and the
// component tests drive one of their own.

/** What happens to one file on the wire; the events arrive in order, ending with exactly one of the last four. */
export type UploadEvents = {
  /** The server already holds the first `offset` bytes (an earlier page, or a request cut off): they are not sent again. */
  resumed(offset: number): void;
  progress(loaded: number): void;
  /** The file is stored; `fileId` is the File it became (the server's Coffer-File-Id). */
  uploaded(fileId: string | null): void;
  /** It will not be stored: the server refused it (`message` is its reason, for the person), or it could not be read. */
  failed(message: string): void;
  /** No answer came, however often it was tried. */
  lost(): void;
  cancelled(): void;
};

export type UploadTransport = (file: File, events: UploadEvents) => { abort(): void };
