// The recovery and address forms' schemas, shared by the forms (client) and their server actions.
import { z } from "@/lib/zod";
import { emailSchema, passwordSchema, PASSWORD_MAX } from "@/lib/auth/schemas";

export const forgotPasswordSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

/** What a one-time link carries in its fragment (checked for its exact shape on the server). */
export const linkTokenSchema = z.object({ token: z.string().min(1).max(128) });

/** Which link the page was opened with: a reset link, or a new account's "set your password" link. */
export const passwordLinkPurposeSchema = z.enum(["password_reset", "password_set"]).default("password_reset");
export type PasswordLinkPurpose = z.output<typeof passwordLinkPurposeSchema>;

export const passwordLinkSchema = linkTokenSchema.extend({ purpose: passwordLinkPurposeSchema });

export const resetPasswordSchema = z
  .object({
    token: z.string().min(1).max(128),
    purpose: passwordLinkPurposeSchema,
    newPassword: passwordSchema,
    confirmPassword: z.string(),
    // Asked for only when two-factor sign-in is on.
    code: z.string().trim().max(32, "That code is too long.").optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords do not match." });
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

export const changeEmailSchema = z.object({
  // Blank removes the address.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .refine((v) => v === "" || emailSchema.safeParse(v).success, "Enter a valid email address.")
    .transform((v) => v || null),
  currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX),
});
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;
