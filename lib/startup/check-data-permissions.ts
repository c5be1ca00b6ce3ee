// At start: a SQLite database (with its -wal and -shm files) or its folder that other users of the machine can read is
// reported loudly, with the commands that fix it. Nothing is changed: an operator may share the folder on purpose
// (a backup user's group), and a warning is enough to make that a choice.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

const readableByOthers = (file: string) => {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && (stat.mode & 0o077) !== 0;
};

export function warnAboutReadableDatabase(): void {
  const url = env().DATABASE_URL;
  if (!url.startsWith("file:")) return;
  const database = path.resolve(url.slice("file:".length));
  const files = [database, `${database}-wal`, `${database}-shm`].filter(readableByOthers);
  const folder = path.dirname(database);
  const fixes = [...(files.length ? [`chmod 600 ${files.join(" ")}`] : []), ...(readableByOthers(folder) ? [`chmod 700 ${folder}`] : [])];
  if (fixes.length === 0) return;
  logger.warn(
    { files, folder },
    `The database is readable by other users of this machine (${[...files, ...(readableByOthers(folder) ? [folder] : [])].join(", ")}): ` +
      `it holds password hashes, emails, session ids and the audit trail. Run: ${fixes.join("; ")}`,
  );
}
