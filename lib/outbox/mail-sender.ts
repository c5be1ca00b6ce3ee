// The background loop that empties the outbox, started once per server (lib/startup/on-server-start.ts). Every node
// runs it; the lease on each row (lib/outbox/claim-mail.ts) makes one of them the sender of each mail.
import "server-only";
import { logger } from "@/lib/logger";
import { env } from "@/lib/env";
import { sendDueMails } from "./send-outbox";
import { smtpTransport } from "./smtp-transport";
import { pruneOutbox } from "./prune-outbox";

const POLL_MS = 2_000;

/** Starts the loop (nothing to do without SMTP_URL) and says at start-up whether the mail server answers. */
export function startMailSender(): void {
  const transport = smtpTransport();
  if (!transport) {
    logger.info("mail is off: SMTP_URL is not set");
    return;
  }
  const { host, port, tls } = env().mail!.smtp;
  transport.verify().then(
    () => logger.info({ host, port, tls }, "the mail server accepts Coffer's connection"),
    (error: Error) =>
      logger.warn({ host, port, tls, reason: error.message }, "the mail server cannot be reached now; mail waits in the outbox"),
  );
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sendDueMails({ transport });
    } catch (error) {
      logger.error({ err: error }, "the mail sender failed");
    } finally {
      running = false;
    }
  };
  setInterval(tick, POLL_MS).unref();
  void tick();
  const prune = () => pruneOutbox().catch((error) => logger.error({ err: error }, "outbox pruning failed"));
  setInterval(prune, 3600_000).unref();
  void prune();
}
