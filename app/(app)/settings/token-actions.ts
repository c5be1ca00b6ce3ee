"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { clientAddress } from "@/lib/client-address";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/tokens";
import { createTokenSchema, tokenIdSchema } from "@/lib/api-tokens/schemas";

const address = async () => clientAddress(await headers());

export const createTokenAction = authAction(createTokenSchema, async (input, { user }) => {
  const created = await createApiToken({
    userId: user.id,
    name: input.name,
    scopes: input.scopes,
    lifetimeDays: input.lifetime === "never" ? null : Number(input.lifetime),
    address: await address(),
  });
  revalidatePath("/settings");
  // The token itself is in this answer only: it is never shown again.
  return success("Token created. Copy it now: it will not be shown again.", { token: created.token });
});

export const revokeTokenAction = authAction(tokenIdSchema, async ({ tokenId }, { user }) => {
  await revokeApiToken({ userId: user.id, tokenId, address: await address() });
  revalidatePath("/settings");
  return success("Token revoked. Anything using it is refused from now on.");
});
