// Every mail's shape: a few paragraphs, at most one button-like link, a footer saying why it came and how to stop
// it. Plain text first, and the same words as simple HTML: inline styles only, no remote images, no tracking
// (links go straight to Coffer, with nothing added to them).

export type MailContent = {
  subject: string;
  /** Paragraphs before the link. */
  paragraphs: string[];
  /** The one link the mail is about. */
  action?: { label: string; url: string };
  /** Paragraphs after the link. */
  closing?: string[];
};

export type RenderedMail = { subject: string; text: string; html: string };

/** Why the mail came, and the links that turn it off or lead to the settings. */
export type MailFooter = { lines: string[]; links?: { label: string; url: string }[] };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const paragraph = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;

/** The mail as text and HTML; `footer` says why it was sent (and how to turn it off). */
export function renderMail(content: MailContent, footer: MailFooter): RenderedMail {
  const links = footer.links ?? [];
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.closing ?? []),
    "-- ",
    ...footer.lines,
    ...links.map((link) => `${link.label}: ${link.url}`),
  ].join("\n\n");
  const button = content.action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#4338ca;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#475569">Or open this address: ${escapeHtml(content.action.url)}</p>`
    : "";
  const html = [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f8fafc;color:#0f172a;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:15px;line-height:1.5">`,
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:24px">`,
    `<p style="margin:0 0 16px;font-weight:700;color:#4338ca">Coffer</p>`,
    ...content.paragraphs.map(paragraph),
    button,
    ...(content.closing ?? []).map(paragraph),
    `<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 16px">`,
    ...footer.lines.map((line) => `<p style="margin:0 0 8px;font-size:13px;color:#475569">${escapeHtml(line)}</p>`),
    ...links.map(
      (link) =>
        `<p style="margin:0 0 8px;font-size:13px"><a href="${escapeHtml(link.url)}" style="color:#4338ca">${escapeHtml(link.label)}</a></p>`,
    ),
    "</div></body></html>",
  ].join("\n");
  return { subject: content.subject, text, html };
}
