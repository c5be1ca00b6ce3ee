// What one-time account links exist, and how long each works.
export const EMAIL_CONFIRMATION_HOURS = 24;
export const PASSWORD_RESET_MINUTES = 30;
/** A new account's "set your password" link, made by an admin. */
export const PASSWORD_SET_DAYS = 7;
/** An invitation's default lifetime; the admin may choose another of INVITATION_DAYS. */
export const INVITATION_DAYS_DEFAULT = 7;
export const INVITATION_DAYS = [1, 7, 30] as const;

export const TOKEN_PURPOSES = {
  email_confirmation: { ttlSeconds: EMAIL_CONFIRMATION_HOURS * 3600 },
  password_reset: { ttlSeconds: PASSWORD_RESET_MINUTES * 60 },
  password_set: { ttlSeconds: PASSWORD_SET_DAYS * 24 * 3600 },
  // Belongs to no account (userId null) until it is used to register one.
  invitation: { ttlSeconds: INVITATION_DAYS_DEFAULT * 24 * 3600 },
} as const;

export type TokenPurpose = keyof typeof TOKEN_PURPOSES;
/** The purposes whose tokens belong to an account. */
export type AccountPurpose = Exclude<TokenPurpose, "invitation">;
