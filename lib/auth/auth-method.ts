// How a session signed in, as its record stores it (UserSession.authMethod). A session counts as having given a
// second factor only while its account still has two-factor on: turning it off leaves no session stronger than a
// password.
export const AUTH_METHODS = { password: "password", twoFactor: "password+two-factor" } as const;
export type AuthMethod = (typeof AUTH_METHODS)[keyof typeof AUTH_METHODS];

export function gaveSecondFactor(authMethod: string, account: { twoFactorEnabledAt: Date | null }): boolean {
  return authMethod === AUTH_METHODS.twoFactor && account.twoFactorEnabledAt !== null;
}
