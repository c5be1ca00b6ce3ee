// What one-time account links exist, and how long each works.
export const EMAIL_CONFIRMATION_HOURS = 24;
export const PASSWORD_RESET_MINUTES = 30;

export const TOKEN_PURPOSES = {
  email_confirmation: { ttlSeconds: EMAIL_CONFIRMATION_HOURS * 3600 },
  password_reset: { ttlSeconds: PASSWORD_RESET_MINUTES * 60 },
} as const;

export type TokenPurpose = keyof typeof TOKEN_PURPOSES;
