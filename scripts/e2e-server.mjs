// The server the Playwright tests run against: a throwaway Coffer (fresh database, storage and secrets)
// over the last build, on E2E_PORT (3100). With COFFER_TEST_STORAGE=s3 its blobs go to an S3 test server of its
// own (s3rver with S3's rules, docs/decisions/038) instead of the local disk. Removes its folder on exit.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import {
  assertCurrentBuild,
  createThrowawayData,
  freePort,
  s3StorageSettings,
  startS3TestServer,
  startThrowawayServer,
  throwawayEnvironment,
} from "./throwaway-server.mjs";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100);
assertCurrentBuild(root);

// Folders of earlier runs that were killed before they could clean up (tests/support/e2e-admin.ts finds
// the running one's database by this name).
for (const name of fs.readdirSync(os.tmpdir())) {
  const pid = Number(/^coffer-e2e-(\d+)-/.exec(name)?.[1]);
  if (!pid) continue;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code === "ESRCH") fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

const storage = process.env.COFFER_TEST_STORAGE ?? "local";
if (storage !== "local" && storage !== "s3") {
  console.error(`COFFER_TEST_STORAGE must be "local" or "s3", not "${storage}"`);
  process.exit(2);
}

const data = createThrowawayData({ root, prefix: `coffer-e2e-${process.pid}-` });

// A mail server on loopback (plain text, which Coffer allows only to this machine) that files every mail it takes
// as data.dir/mail/<n>.eml, where tests/support/e2e-mail.ts reads them.
const mailDir = path.join(data.dir, "mail");
fs.mkdirSync(mailDir);
let mailCount = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["AUTH", "STARTTLS"],
  hideSTARTTLS: true,
  logger: false,
  closeTimeout: 50,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      mailCount += 1;
      fs.writeFileSync(path.join(mailDir, `${String(mailCount).padStart(5, "0")}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
const smtpPort = await freePort();
await new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));

const s3 = storage === "s3" ? await startS3TestServer({ root, directory: path.join(data.dir, "s3") }) : null;
await s3?.ready;
const server = startThrowawayServer({
  root,
  port,
  // The browser is the proxy's peer here, so X-Forwarded-For is believed: each browser test's new account registers
  // (tests/support/e2e.ts) and signs in from an address of its own, instead of spending the per-address limits
  // every other test shares (registration would otherwise stop the suite after ten accounts).
  env: throwawayEnvironment({
    data: data.env,
    port,
    settings: {
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      TRUSTED_PROXIES: "127.0.0.1,::1",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}?tls=none`,
      MAIL_FROM: "Coffer <coffer@example.test>",
      MAIL_RETRY_SECONDS: "1",
      // tests/e2e/first-run.spec.ts runs a second one with Secure cookies, as in production.
      ...(process.env.E2E_COOKIE_SECURE ? { COOKIE_SECURE: process.env.E2E_COOKIE_SECURE } : {}),
      ...(s3 ? s3StorageSettings({ endpoint: s3.endpoint, prefix: "e2e files/a b+c/" }) : {}),
    },
  }),
  echo: true,
});
server.ready.catch((error) => console.error(error.message));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void server.stop());
server.exited.then(async () => {
  smtp.close(() => {});
  await s3?.stop();
  data.remove();
  const info = server.exitInfo();
  process.exit(info?.code ?? (info?.signal ? 1 : 0));
});
