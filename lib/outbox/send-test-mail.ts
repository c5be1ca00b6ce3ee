// `npm run admin -- test-email ADDRESS`: one mail sent at once, past the outbox, so that the operator sees the
// server's answer (or its refusal) on the spot.
import "server-only";
import { env } from "@/lib/env";
import { renderMail } from "@/lib/mail/render-mail";
import { testMail } from "@/lib/mail/test-mail";
import { oneShotTransport } from "./smtp-transport";
import { failureReason } from "./send-outbox";

export type TestMailResult = { ok: true; response: string } | { ok: false; reason: string };

export async function sendTestMail(to: string): Promise<TestMailResult> {
  const config = env();
  if (!config.mail) return { ok: false, reason: "mail is off: set SMTP_URL and MAIL_FROM (see README, Mail)" };
  const transport = oneShotTransport(config.mail.smtp);
  const { why, ...content } = testMail({ node: config.NODE_NAME }, { appUrl: config.APP_URL, eventCount: 1 });
  const mail = renderMail(content, { lines: why ? [why] : [] });
  try {
    const info = await transport.sendMail({
      from: config.mail.from.name ? { name: config.mail.from.name, address: config.mail.from.address } : config.mail.from.address,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return { ok: true, response: info.response };
  } catch (error) {
    return { ok: false, reason: failureReason(error) };
  } finally {
    transport.close();
  }
}
