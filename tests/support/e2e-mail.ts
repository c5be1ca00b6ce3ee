// The mails the Playwright server's loopback mail server received (scripts/e2e-server.mjs files each one as
// coffer-e2e-<pid>-…/mail/<n>.eml), parsed, for the browser tests that follow a mailed link.
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";
import { e2eDatabases } from "./e2e-admin";

export type E2eMail = { to: string[]; subject: string; text: string };

async function allMails(): Promise<E2eMail[]> {
  const folders = e2eDatabases().map((database) => path.join(path.dirname(database), "mail"));
  const files = folders.flatMap((folder) =>
    fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .sort()
          .map((name) => path.join(folder, name))
      : [],
  );
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(fs.readFileSync(file));
      const to = [parsed.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address ?? ""));
      return { to, subject: parsed.subject ?? "", text: parsed.text ?? "" };
    }),
  );
}

export async function mailsTo(address: string, subject?: string): Promise<E2eMail[]> {
  return (await allMails()).filter((mail) => mail.to.includes(address) && (subject === undefined || mail.subject === subject));
}

/** Waits for the `count`-th mail to `address` with this subject, and answers it. */
export async function waitForMail(address: string, subject: string, count = 1): Promise<E2eMail> {
  await expect.poll(async () => (await mailsTo(address, subject)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  return (await mailsTo(address, subject))[count - 1];
}

/** The first address in the mail's text under this path of the Coffer at `baseURL`. */
export function linkIn(mail: E2eMail, baseURL: string, pathPrefix: string): string {
  const found = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(`${baseURL}${pathPrefix}`));
  if (!found) throw new Error(`no link to ${pathPrefix} in "${mail.subject}":\n${mail.text}`);
  return found;
}
