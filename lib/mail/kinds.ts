// Every mail Coffer can send, by the kind an outbox row names: the account mails (confirmation, reset, security
// notices, the old address's notice) and the notifications of lib/mail/notification-kinds.ts.
import { NOTIFICATION_KINDS, type NotificationKind } from "./notification-kinds";
import type { MailTemplate } from "./template";
import { testMail } from "./test-mail";
import { emailConfirmationMail } from "./email-confirmation";
import { emailChangedMail } from "./email-changed";
import { passwordResetMail } from "./password-reset";
import { securityNoticeMail } from "./security-notice";

const ACCOUNT_MAILS = {
  test: testMail,
  email_confirmation: emailConfirmationMail,
  email_changed: emailChangedMail,
  password_reset: passwordResetMail,
  security_notice: securityNoticeMail,
};

type Templates = typeof ACCOUNT_MAILS & { [K in NotificationKind]: (typeof NOTIFICATION_KINDS)[K]["template"] };

export const MAIL_TEMPLATES: Templates = {
  ...ACCOUNT_MAILS,
  ...(Object.fromEntries(Object.entries(NOTIFICATION_KINDS).map(([name, spec]) => [name, spec.template])) as {
    [K in NotificationKind]: (typeof NOTIFICATION_KINDS)[K]["template"];
  }),
};

export type MailKind = keyof Templates;
export type MailFacts<K extends MailKind> = Templates[K] extends MailTemplate<infer Facts> ? Facts : never;

export const isMailKind = (value: string): value is MailKind => Object.hasOwn(MAIL_TEMPLATES, value);
