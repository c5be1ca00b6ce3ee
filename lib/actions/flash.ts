// A toast that must survive a redirect travels in a short-lived cookie; FlashToaster shows and clears it.
import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

export const FLASH_COOKIE = "coffer-flash";
export type Flash = { type: "success" | "error" | "info"; message: string };

export async function setFlash(flash: Flash): Promise<void> {
  const jar = await cookies();
  // Readable by the page script on purpose: it holds only the message shown to this user.
  // Next.js encodes cookie values itself; FlashToaster decodes once.
  jar.set(FLASH_COOKIE, JSON.stringify(flash), { path: "/", maxAge: 30, sameSite: "lax", secure: env().secureCookies });
}
