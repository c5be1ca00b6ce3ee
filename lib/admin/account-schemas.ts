// The admin's new-account forms, shared by the forms (client) and their server actions. Names and addresses follow
// registration's own rules (lib/auth/schemas.ts).
import { z } from "@/lib/zod";
import { registerSchema } from "@/lib/auth/schemas";
import { INVITATION_DAYS, INVITATION_DAYS_DEFAULT } from "@/lib/account-tokens/purposes";

export const createUserSchema = registerSchema.pick({ username: true, email: true });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const createInvitationSchema = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => (INVITATION_DAYS as readonly number[]).includes(d), "Choose how long the invitation works.")
    .default(INVITATION_DAYS_DEFAULT),
});
export type CreateInvitationInput = z.input<typeof createInvitationSchema>;

export const invitationIdSchema = z.object({ invitationId: z.string().min(1).max(64) });
