// What the admin's audit trail reads from its address: a user, a category or one kind of event, and the page. The
// page, and anything else that lists the trail, parse with this one schema; a value it does not know is dropped.
import { z } from "zod";
import { AUDIT_KINDS } from "@/lib/audit";
import { AUDIT_CATEGORIES } from "./audit-categories";

export const auditFilterSchema = z.object({
  user: z.string().trim().max(64).optional().catch(undefined),
  category: z
    .enum(Object.keys(AUDIT_CATEGORIES) as [keyof typeof AUDIT_CATEGORIES])
    .optional()
    .catch(undefined),
  kind: z.enum(AUDIT_KINDS).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
