"use server";
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { shareIdsSchema } from "@/lib/shares/schemas";
import { revokeShares } from "@/lib/shares/revoke-shares";
import { linkIdsSchema } from "@/lib/links/schemas";
import { revokeLinks } from "@/lib/links/revoke-links";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const revokeSharesAction = authAction(shareIdsSchema, async ({ shareIds }, { user }) => {
  const { revoked } = await revokeShares({ shareIds, ownerId: user.id });
  revalidatePath("/shared");
  return success(`Stopped ${plural(revoked, "share", "shares")}.`);
});

export const revokeLinksAction = authAction(linkIdsSchema, async ({ linkIds }, { user }) => {
  const { revoked } = await revokeLinks({ linkIds, ownerId: user.id });
  revalidatePath("/shared");
  return success(revoked === 0 ? "Those links were already revoked." : `Revoked ${plural(revoked, "link", "links")}.`);
});
