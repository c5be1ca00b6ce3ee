// Account schemas, shared by the forms (client) and the server actions.
import { z } from "@/lib/zod";

export const PASSWORD_MIN = 12;
// Long passphrases are welcome; the bound only stops absurd request bodies.
export const PASSWORD_MAX = 1024;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(32, "Use at most 32 characters.")
  .regex(/^[a-z0-9_.-]+$/, "Use only letters a-z, digits, and _ . -");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

// Passwords are taken exactly as typed: no trimming, no case change.
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const registerSchema = z.object({
  username: usernameSchema,
  // Optional: a blank field means no email.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .refine((v) => v === "" || emailSchema.safeParse(v).success, "Enter a valid email address.")
    .transform((v) => v || undefined)
    .optional(),
  password: passwordSchema,
  // An invitation's token (from the link's fragment): registration with it works even while registration is closed.
  invite: z.string().min(1).max(128).optional(),
});
export type RegisterInput = z.input<typeof registerSchema>;

export const loginSchema = z.object({
  identifier: z.string().trim().min(1, "Enter your username or email.").max(254),
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX),
});
export type LoginInput = z.input<typeof loginSchema>;

/** A code from an authenticator app (6 digits) or a recovery code (16 characters, dashes optional). */
export const twoFactorCodeSchema = z.string().trim().min(1, "Enter the code.").max(32, "That code is too long.");

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
    // Asked for only when two-factor sign-in is on.
    code: z.string().trim().max(32, "That code is too long.").optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const twoFactorSignInSchema = z.object({ code: twoFactorCodeSchema });
export type TwoFactorSignInInput = z.input<typeof twoFactorSignInSchema>;

/** The password asked again by the settings that change how the account signs in. */
const currentPasswordSchema = z.string().min(1, "Enter your password.").max(PASSWORD_MAX);

export const confirmTwoFactorSchema = z.object({
  enrolment: z.string().min(1).max(512),
  password: currentPasswordSchema,
  code: twoFactorCodeSchema,
});
export type ConfirmTwoFactorInput = z.input<typeof confirmTwoFactorSchema>;

/** Turning two-factor off, or new recovery codes: the password and a current code (or a recovery code). */
export const twoFactorCodeInputSchema = z.object({ password: currentPasswordSchema, code: twoFactorCodeSchema });
export type TwoFactorCodeInput = z.input<typeof twoFactorCodeInputSchema>;

export const sessionIdSchema = z.object({ sessionId: z.string().min(1).max(64) });
