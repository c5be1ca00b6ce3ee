// The kinds of events a person filters the audit trail by, each a set of event codes (by prefix, so a code
// added later falls into its category without a change here). Safe for the browser.

export const AUDIT_CATEGORIES = {
  "sign-ins": "Sign-ins",
  account: "Account",
  files: "Files",
  sharing: "Sharing, links and requests",
  admin: "Administration",
} as const;
export type AuditCategory = keyof typeof AUDIT_CATEGORIES;

export const isAuditCategory = (value: unknown): value is AuditCategory => typeof value === "string" && value in AUDIT_CATEGORIES;

const SIGN_IN_KINDS = ["auth.sign_in", "auth.sign_in_failed"];

export function auditCategoryOf(kind: string): AuditCategory | null {
  if (SIGN_IN_KINDS.includes(kind)) return "sign-ins";
  if (kind.startsWith("auth.") || kind.startsWith("token.")) return "account";
  if (kind.startsWith("file.")) return "files";
  if (kind.startsWith("share.") || kind.startsWith("link.") || kind.startsWith("request.")) return "sharing";
  if (kind.startsWith("admin.")) return "admin";
  return null;
}

/** The codes of a category as conditions on the kind column (Prisma's where shape, without importing Prisma). */
export function auditCategoryWhere(category: AuditCategory) {
  switch (category) {
    case "sign-ins":
      return { kind: { in: SIGN_IN_KINDS } };
    case "account":
      return {
        OR: [{ AND: [{ kind: { startsWith: "auth." } }, { kind: { notIn: SIGN_IN_KINDS } }] }, { kind: { startsWith: "token." } }],
      };
    case "files":
      return { kind: { startsWith: "file." } };
    case "sharing":
      return { OR: [{ kind: { startsWith: "share." } }, { kind: { startsWith: "link." } }, { kind: { startsWith: "request." } }] };
    case "admin":
      return { kind: { startsWith: "admin." } };
  }
}
