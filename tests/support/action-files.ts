// Where each server action module lives, for the tests that call actions over HTTP: one map, checked
// against the sources by tests/unit/action-files.test.ts, so a moved or new action file fails loudly.
export const ACTION_FILES = {
  login: "app/(auth)/login/actions.ts",
  register: "app/(auth)/register/actions.ts",
  settings: "app/(app)/settings/actions.ts",
  /** Bulk revoke on "Shared by me". */
  sharedByMe: "app/(app)/shared/actions.ts",
  admin: "app/(app)/admin/actions.ts",
  /** Rename and delete, from the dashboard and the file page. */
  files: "app/(app)/files/actions.ts",
  /** Shares and links of one file. */
  file: "app/(app)/files/[id]/actions.ts",
  dashboard: "app/(app)/dashboard/actions.ts",
  link: "app/s/[token]/actions.ts",
  /** File requests: made on the dashboard, managed on "Shared by me". */
  requests: "app/(app)/shared/request-actions.ts",
  /** A file request's page (its password). */
  request: "app/r/[token]/actions.ts",
  forgotPassword: "app/(auth)/forgot-password/actions.ts",
  resetPassword: "app/(auth)/reset-password/actions.ts",
  confirmEmail: "app/(auth)/confirm-email/actions.ts",
  unsubscribe: "app/unsubscribe/[token]/actions.ts",
  /** Settings → Email address and Notifications. */
  settingsMail: "app/(app)/settings/mail-actions.ts",
  settingsTokens: "app/(app)/settings/token-actions.ts",
  /** Reset links and two-factor resets on the admin page. */
  adminRecovery: "app/(app)/admin/recovery-actions.ts",
  /** New accounts on the admin page: create a user, invitations. */
  adminAccounts: "app/(app)/admin/account-actions.ts",
} as const;
