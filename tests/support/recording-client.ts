// A Client that remembers every answer it received, and the raw text of every server action answer,
// so a test can check what must hold for all of them (no X-Powered-By, no secret in an action result).
import { Client } from "./http-client";

export type RecordedResponse = {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  /** The whole body as sent, for server action calls only. */
  actionText?: string;
};

export class RecordingClient extends Client {
  constructor(
    baseUrl: string,
    /** Shared by the clients of one test file, so one check covers every visitor. */
    readonly record: RecordedResponse[],
    defaults: { headers?: Record<string, string> } = {},
  ) {
    super(baseUrl, defaults);
  }

  override async fetch(target: string, init: RequestInit = {}): Promise<Response> {
    const response = await super.fetch(target, init);
    const entry: RecordedResponse = {
      method: init.method ?? "GET",
      path: new URL(target, this.baseUrl).pathname,
      status: response.status,
      headers: response.headers,
    };
    if (new Headers(init.headers).has("next-action")) entry.actionText = await response.clone().text();
    this.record.push(entry);
    return response;
  }
}
