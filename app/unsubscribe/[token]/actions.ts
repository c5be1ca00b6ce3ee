"use server";
import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { notFound } from "@/lib/errors";
import { unsubscribe } from "@/lib/notifications/unsubscribe";

export const unsubscribeAction = publicAction(z.object({ token: z.string().min(1).max(200) }), async ({ token }) => {
  const done = await unsubscribe(token);
  if (!done) throw notFound("This unsubscribe link is not valid.");
  return success("Done: this kind of mail is off.");
});
