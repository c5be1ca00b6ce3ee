// Next.js drops Content-Length from route handler responses; server.ts turns this header back into it.
export const CONTENT_LENGTH_HEADER = "x-coffer-content-length";
