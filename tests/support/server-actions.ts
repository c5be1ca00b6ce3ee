// Every server action the app exports, found two ways: in the sources (every "use server" file under app/, with the helper
// that builds it) and in the last build's manifest. Tests that must cover every action compare their
// table with these lists, so a new action without a test fails them. Also raw action calls, for
// requests the Client's callAction cannot make (a foreign Origin).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export type ActionHelper = "authAction" | "adminAction" | "publicAction";
export type ActionExport = { file: string; exportName: string; helper: ActionHelper };

const EXPORT = /^export const (\w+) = (authAction|adminAction|publicAction)\(/gm;

function actionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    // Any "use server" module, whatever its name (actions.ts, mail-actions.ts): each is a public endpoint.
    if (!/\.tsx?$/.test(entry.name)) return [];
    return /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(full, "utf8")) ? [full] : [];
  });
}

/** The exports of every "use server" file under app/, as `file` (relative to the root, like the manifest) and export name. */
export function sourceActions(): ActionExport[] {
  return actionFiles(path.join(root, "app")).flatMap((full) => {
    const source = fs.readFileSync(full, "utf8");
    const file = path.relative(root, full).split(path.sep).join("/");
    return [...source.matchAll(EXPORT)].map((m) => ({ file, exportName: m[1], helper: m[2] as ActionHelper }));
  });
}

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as Manifest;
}

/** `file#exportName` of every action in the last build. */
export function builtActions(): string[] {
  return Object.values(manifest().node).map((a) => `${a.filename}#${a.exportedName}`);
}

export function actionId(file: string, exportName: string): string {
  const found = Object.entries(manifest().node).find(([, a]) => a.filename === file && a.exportedName === exportName);
  if (!found) throw new Error(`No server action ${file}#${exportName} in the last build`);
  return found[0];
}

/** The arguments as React encodes them for a server action (JSON-like values only). */
export function encodeActionArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => {
    if (typeof value === "string" && value.startsWith("$")) return `$${value}`;
    if (value === undefined) return "$undefined";
    return value;
  });
}

/** The headers and body of a server action call, to send with any Origin or other headers. */
export function actionRequest(file: string, exportName: string, args: unknown[], headers: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: encodeActionArgs(args),
    headers: {
      "next-action": actionId(file, exportName),
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      ...headers,
    },
  };
}
