// The notifications a user can turn on or off in Settings, each with its default and its mail. Adding one is one
// line here (its label, its default, its template): Settings, the unsubscribe link and the preference follow; the
// feature then calls notifyUser where the event happens (lib/notifications/notify-user.ts).
import type { MailTemplate } from "./template";
import { shareReceivedMail } from "./share-received";
import { linkDownloadedMail } from "./link-downloaded";
import { linkEndedMail } from "./link-ended";
import { newSignInMail } from "./new-sign-in";

type NotificationKindSpec<Facts> = { label: string; defaultOn: boolean; template: MailTemplate<Facts> };

const kind = <Facts>(label: string, defaultOn: boolean, template: MailTemplate<Facts>): NotificationKindSpec<Facts> => ({
  label,
  defaultOn,
  template,
});

export const NOTIFICATION_KINDS = {
  share_received: kind("A file is shared with me", true, shareReceivedMail),
  link_downloaded: kind("Someone downloads through my link (one mail per link an hour at most, with a count)", true, linkDownloadedMail),
  link_ended: kind("My link reaches its download limit or expires", true, linkEndedMail),
  new_sign_in: kind("Someone signs in to my account from a browser not seen before", true, newSignInMail),
};

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  typeof value === "string" && Object.hasOwn(NOTIFICATION_KINDS, value);
