// What "Shared by me" reads from its address: search, the link status filter, each table's sort. The page, and
// anything else that lists the same (an API), parse with this one schema; a value it does not know falls back.
import { z } from "zod";
import { OWNER_SHARE_SORTS } from "./list-owner-shares";
import { LINK_STATUSES, OWNER_LINK_SORTS, type LinkStatus } from "@/lib/links/list-file-links";

const dir = z.enum(["asc", "desc"]).catch("desc");
export const sharedByMeQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  status: z
    .enum(LINK_STATUSES as [LinkStatus, ...LinkStatus[]])
    .optional()
    .catch(undefined),
  shareSort: z.enum(OWNER_SHARE_SORTS).catch("date"),
  shareDir: dir,
  linkSort: z.enum(OWNER_LINK_SORTS).catch("created"),
  linkDir: dir,
});
export type SharedByMeQuery = z.output<typeof sharedByMeQuerySchema>;
