import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listAuditEvents } from "@/lib/admin/list-audit-events";
import { AUDIT_CATEGORIES, isAuditCategory } from "@/lib/admin/audit-categories";
import { listSessions } from "@/lib/auth/list-sessions";
import { countRecoveryCodes } from "@/lib/auth/recovery-codes";
import { AuditTable } from "@/components/audit-table";
import { FilterLinks } from "@/components/ui/filter-links";
import { Pager } from "@/components/ui/pager";
import { cookies } from "next/headers";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { ThemeForm } from "./theme-form";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutEverywhere } from "./sign-out-everywhere";
import { SessionsList } from "./sessions-list";
import { TwoFactorPanel } from "./two-factor-panel";
import { EmailAddressPanel } from "./email-address-panel";
import { NotificationSettings } from "./notification-settings";
import { changeEmailAction, setNotificationAction } from "./mail-actions";
import { readEmailAddress } from "@/lib/auth/read-email-address";
import { listApiTokens } from "@/lib/api-tokens/tokens";
import { ApiTokensPanel } from "./api-tokens-panel";
import { ApiExamples } from "./api-examples";
import { env } from "@/lib/env";
import { createTokenAction, revokeTokenAction } from "./token-actions";
import { listNotificationSettings } from "@/lib/notifications/preferences";
import {
  changePasswordAction,
  setThemeAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  signOutEverywhereAction,
  signOutOtherSessionsAction,
  signOutSessionAction,
  startTwoFactorAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings · Coffer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const query = await searchParams;
  const category = isAuditCategory(query.activity) ? query.activity : undefined;
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const [{ events, nextCursor }, sessions, recoveryCodesLeft, emailAddress, notifications, tokens] = await Promise.all([
    listAuditEvents({ viewerId: user.id, userId: user.id, category, cursor }),
    listSessions({ userId: user.id, currentSessionId: user.sessionId }),
    countRecoveryCodes(user.id),
    readEmailAddress(user.id),
    listNotificationSettings(user.id),
    listApiTokens(user.id),
  ]);
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="password-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="password-heading" className="mb-4 text-lg font-semibold">
          Change password
        </h2>
        <ChangePasswordForm changePassword={changePasswordAction} twoFactor={user.twoFactor} />
      </section>
      <section aria-labelledby="email-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="email-heading" className="mb-4 text-lg font-semibold">
          Email address
        </h2>
        <EmailAddressPanel state={emailAddress} changeEmail={changeEmailAction} />
      </section>
      <section aria-labelledby="notifications-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="notifications-heading" className="mb-4 text-lg font-semibold">
          Notifications
        </h2>
        <NotificationSettings
          settings={notifications}
          canMail={
            !emailAddress.mailOn
              ? { ok: false, why: "This Coffer does not send mail: these settings take effect if its administrator turns mail on." }
              : !emailAddress.confirmed
                ? { ok: false, why: "Notifications go to a confirmed email address: add one above and open the link we mail to it." }
                : { ok: true }
          }
          setNotification={setNotificationAction}
        />
      </section>
      <section aria-labelledby="two-factor-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="two-factor-heading" className="mb-4 text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <TwoFactorPanel
          enabled={user.twoFactor}
          recoveryCodesLeft={recoveryCodesLeft}
          actions={{
            start: startTwoFactorAction.bind(null, {}),
            confirm: confirmTwoFactorAction,
            disable: disableTwoFactorAction,
            regenerate: regenerateRecoveryCodesAction,
          }}
        />
      </section>
      <section aria-labelledby="sessions-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="sessions-heading" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-slate-600">Signed in as {user.username}. Addresses are shortened to their network (/24 or /48).</p>
        <SessionsList
          sessions={sessions.map((s) => ({ ...s, signedInAt: s.signedInAt.toISOString(), lastActiveAt: s.lastActiveAt.toISOString() }))}
          signOutSession={signOutSessionAction}
          signOutOthers={signOutOtherSessionsAction.bind(null, {})}
        />
        <p className="mt-6 mb-2 text-sm text-slate-600">Signing out everywhere ends every session of this account, this one included.</p>
        <SignOutEverywhere signOutEverywhere={signOutEverywhereAction.bind(null, {})} />
      </section>
      <section aria-labelledby="tokens-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="tokens-heading" className="mb-2 text-lg font-semibold">
          API tokens
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          For scripts and apps that upload, download and share as you, with only the scopes you give them. A token stops working when it
          expires, when you revoke it, and when you change your password or sign out everywhere.
        </p>
        <ApiTokensPanel
          tokens={tokens.map((t) => ({
            ...t,
            createdAt: t.createdAt.toISOString(),
            expiresAt: t.expiresAt?.toISOString() ?? null,
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          }))}
          createToken={createTokenAction}
          revokeToken={revokeTokenAction}
        />
        <ApiExamples appUrl={env().APP_URL} />
      </section>
      <section aria-labelledby="appearance-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="appearance-heading" className="mb-4 text-lg font-semibold">
          Appearance
        </h2>
        <ThemeForm theme={theme} setTheme={setThemeAction} />
      </section>
      <section aria-labelledby="account-activity-heading" className="flex flex-col gap-3">
        <h2 id="account-activity-heading" className="text-lg font-semibold">
          Account activity
        </h2>
        <FilterLinks
          label="Show account activity of one kind"
          current={category ?? "all"}
          options={[
            { value: "all", label: "All", href: "/settings" },
            ...Object.entries(AUDIT_CATEGORIES).map(([value, label]) => ({ value, label, href: `/settings?activity=${value}` })),
          ]}
        />
        <AuditTable events={events} forAdmin={false} />
        <Pager
          label="Account activity pages"
          path="/settings"
          base={new URLSearchParams(category ? { activity: category } : {})}
          cursor={cursor}
          nextCursor={nextCursor}
        />
      </section>
    </div>
  );
}
