"use server";
import { cookies, headers } from "next/headers";
import { publicAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { unlockRequestSchema } from "@/lib/requests/schemas";
import { unlockRequest } from "@/lib/requests/unlock-request";
import { REQUEST_UNLOCK_TTL_SECONDS, requestUnlockCookies, requestUnlockCookieValue } from "@/lib/requests/unlock-cookie";

export const unlockRequestAction = publicAction(unlockRequestSchema, async ({ token, password }) => {
  const { requestId } = await unlockRequest({ token, password, address: clientAddress(await headers()) });
  const jar = await cookies();
  const value = requestUnlockCookieValue(requestId);
  // One cookie for the page, one for its upload routes: sent nowhere else.
  for (const { name, path } of requestUnlockCookies(requestId, token)) {
    jar.set(name, value, {
      path,
      httpOnly: true,
      sameSite: "lax",
      secure: env().secureCookies,
      maxAge: REQUEST_UNLOCK_TTL_SECONDS,
    });
  }
  return success("Unlocked. You can send your files now.");
});
