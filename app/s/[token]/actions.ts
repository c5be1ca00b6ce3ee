"use server";
import { cookies, headers } from "next/headers";
import { publicAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { unlockLinkSchema } from "@/lib/links/schemas";
import { unlockLink } from "@/lib/links/unlock-link";
import { unlockCookieName, unlockCookieValue, UNLOCK_TTL_SECONDS } from "@/lib/links/unlock-cookie";

export const unlockLinkAction = publicAction(unlockLinkSchema, async ({ token, password }) => {
  const { linkId } = await unlockLink({ token, password, address: clientAddress(await headers()) });
  (await cookies()).set(unlockCookieName(linkId), unlockCookieValue(linkId), {
    path: `/s/${token}`,
    httpOnly: true,
    sameSite: "lax",
    secure: env().secureCookies,
    maxAge: UNLOCK_TTL_SECONDS,
  });
  return success("Unlocked. You can download the file now.");
});
