// Sharing and public links over real HTTP, for the tests under tests/integration/sharing: signed-in
// owners and recipients, the file page's server actions, link visitors with their own address, and
// what a link looks like in the database.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { Client, type ActionResponse } from "./http-client";
import { createUser } from "./factories";
import { uploadOk, type UploadedFile } from "./upload";
import type { TestServer } from "./server";
import { ACTION_FILES } from "./action-files";

export type Member = Awaited<ReturnType<typeof createUser>> & { client: Client };

/** A registered user with a signed-in client of their own. */
export async function member(server: TestServer, opts: Parameters<typeof createUser>[0] = {}): Promise<Member> {
  const user = await createUser(opts);
  const client = new Client(server.url);
  if (!(await client.signIn(user.username, user.password))) throw new Error(`${user.username} could not sign in`);
  return { ...user, client };
}

/**
 * An anonymous visitor. With `address`, every request claims that client address in X-Forwarded-For,
 * which the server believes only when the connection comes from a trusted proxy: a server started with
 * TRUSTED_PROXIES=127.0.0.1,::1 takes the test client itself for one, and so believes the header.
 */
export function visitor(server: TestServer, address?: string, headers: Record<string, string> = {}): Client {
  return new Client(server.url, { headers: { ...(address ? { "x-forwarded-for": address } : {}), ...headers } });
}

export async function uploadFile(owner: Member, name: string, data: Buffer): Promise<UploadedFile> {
  const [file] = await uploadOk(owner.client, [{ filename: name, data }]);
  return file;
}

// ---- The file page's actions ------------------------------------------------------------------------

type Result<T = undefined> = ActionResult<T>;

/** The action's result; fails the test when the action redirected instead of answering. */
export function resultOf<T>(response: ActionResponse<Result<T>>): Result<T> {
  if (response.value === undefined)
    throw new Error(`the action answered no value (status ${response.status}, redirect ${response.redirectTo})`);
  return response.value;
}

export async function shareFile(client: Client, fileId: string, username: string) {
  return resultOf(await client.callAction<Result>(`/files/${fileId}`, ACTION_FILES.file, "shareFileAction", [{ fileId, username }]));
}

export async function revokeShare(client: Client, fileId: string, shareId: string) {
  return resultOf(await client.callAction<Result>(`/files/${fileId}`, ACTION_FILES.file, "revokeShareAction", [{ shareId }]));
}

export async function removeSharedFile(client: Client, shareId: string) {
  return resultOf(await client.callAction<Result>("/dashboard", ACTION_FILES.dashboard, "removeSharedFileAction", [{ shareId }]));
}

export type LinkOptions = {
  label?: string;
  expiry?: "never" | "1h" | "1d" | "7d" | "30d" | "date";
  expiresOn?: string;
  password?: string;
  maxDownloads?: number;
  message?: string;
  allowPreview?: boolean;
};

export async function createLinkResult(client: Client, fileId: string, opts: LinkOptions = {}) {
  return resultOf(
    await client.callAction<Result<{ path: string; url: string }>>(`/files/${fileId}`, ACTION_FILES.file, "createLinkAction", [
      { fileId, expiry: "never", ...opts },
    ]),
  );
}

export type CreatedLink = { path: string; token: string; id: string; downloadPath: string };

/** Creates a link that must be accepted, and finds its row by the token's hash (the only thing stored). */
export async function createLink(owner: Member, fileId: string, opts: LinkOptions = {}): Promise<CreatedLink> {
  const result = await createLinkResult(owner.client, fileId, opts);
  if (!result.ok) throw new Error(`createLinkAction refused: ${result.error} ${JSON.stringify(result.fieldErrors ?? {})}`);
  const path = result.data.path;
  const token = /^\/s\/([A-Za-z0-9_-]{32})$/.exec(path)?.[1];
  if (!token) throw new Error(`unexpected link path ${path}`);
  const row = await db.link.findUniqueOrThrow({ where: { tokenHash: linkTokenHash(token) }, select: { id: true } });
  return { path, token, id: row.id, downloadPath: `${path}/download` };
}

export async function revokeLink(client: Client, fileId: string, linkId: string) {
  return resultOf(await client.callAction<Result>(`/files/${fileId}`, ACTION_FILES.file, "revokeLinkAction", [{ linkId }]));
}

export async function deleteFile(client: Client, fileId: string) {
  return resultOf(await client.callAction<Result>("/dashboard", ACTION_FILES.files, "deleteFileAction", [{ fileId }]));
}

export async function renameFile(client: Client, fileId: string, name: string) {
  return resultOf(await client.callAction<Result>("/dashboard", ACTION_FILES.files, "renameFileAction", [{ fileId, name }]));
}

export async function unlockLink(client: Client, token: string, password: string) {
  return resultOf(await client.callAction<Result>(`/s/${token}`, ACTION_FILES.link, "unlockLinkAction", [{ token, password }]));
}

// ---- Links in the database ------------------------------------------------------------------------

export const linkTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A token of the right shape that no link has. */
export function unknownToken(seed: string): string {
  return createHash("sha256").update(`unknown-${seed}`).digest("base64url").slice(0, 32);
}

export async function linkCounts(linkId: string) {
  return db.link.findUniqueOrThrow({ where: { id: linkId }, select: { downloadCount: true, claimedCount: true } });
}

/** Everything sharing-related the database holds, to show that a refused action changed nothing. */
export async function sharingSnapshot() {
  const [files, shares, links, activities] = await Promise.all([
    db.file.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, ownerId: true } }),
    db.share.findMany({ orderBy: { id: "asc" } }),
    db.link.findMany({ orderBy: { id: "asc" } }),
    db.activity.count(),
  ]);
  return { files, shares, links, activities };
}
