// What the server does once at start: refuse to serve with a missing or wrong master key or a blob store it cannot
// use (a wrong endpoint, wrong keys, a missing bucket: lib/storage's check says which), give back the link slots and
// upload sessions this node held before it restarted, then keep its leases alive, give back other nodes' expired
// ones, run the routine sweeps when this node holds their lease (lib/startup/routine-sweeps.ts), and start sending
// the outbox's mail. server.ts accepts connections only once this has passed (lib/server-bridge.ts carries the promise
// across). When the node stops (SIGTERM, once its transfers ended or were cut off: server.ts), it gives back at once
// what it holds: the sweeps' lease, its download claims and its upload sessions (docs/decisions/071).
import "server-only";
import { verifyMasterKeys } from "@/lib/crypto/verify-master-keys";
import { blobStore } from "@/lib/storage";
import { releaseDeadClaims } from "@/lib/links/claim-download";
import { releaseExpiredUploads, releaseUploadLeasesOf, renewUploadLeases, uploadLeaseRenewalMs } from "@/lib/files/upload-sessions";
import { warnAboutReadableDatabase } from "./check-data-permissions";
import { startRoutineSweeps, stopRoutineSweeps } from "./routine-sweeps";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { announceStartup, onShutdown } from "@/lib/server-bridge";
import { startMailSender } from "@/lib/outbox/mail-sender";

export function onServerStart(): Promise<void> {
  return announceStartup(start);
}

async function start(): Promise<void> {
  try {
    await verifyMasterKeys();
    const store = blobStore();
    await store.check();
    logger.info({ driver: store.name, location: store.location }, "blob store ready");
    if (store.name === "local" && env().s3) logger.warn("S3_BUCKET is set but STORAGE_DRIVER is not s3: new uploads go to STORAGE_DIR");
    // Claims and uploads this node held before it restarted died with it; other nodes' are theirs to end or to let expire.
    const own = await releaseDeadClaims({ holder: env().NODE_NAME });
    if (own > 0) logger.info({ released: own }, "download claims of this node's previous run given back");
    const uploads = await releaseUploadLeasesOf(env().NODE_NAME);
    if (uploads > 0) logger.info({ released: uploads }, "uploads of this node's previous run given back");
    warnAboutReadableDatabase();
  } catch (error) {
    console.error(`Coffer cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  // This node's uploads under way keep their leases (docs/decisions/065).
  const renew = () => renewUploadLeases().catch((error) => logger.error({ err: error }, "renewing the uploads' leases failed"));
  const timers = [setInterval(renew, uploadLeaseRenewalMs()).unref()];
  // Claims and uploads of a node that died: given back once their lease has run out, by whichever node looks first.
  const claims = () =>
    releaseDeadClaims({ expiredBefore: new Date() })
      .then((released) => released > 0 && logger.info({ released }, "expired download claims given back"))
      .catch((error) => logger.error({ err: error }, "download claims sweep failed"));
  timers.push(setInterval(claims, Math.max(5, env().DOWNLOAD_CLAIM_LEASE_SECONDS / 4) * 1000).unref());
  const expiredUploads = () =>
    releaseExpiredUploads(new Date())
      .then((released) => released > 0 && logger.info({ released }, "uploads whose lease ran out given back"))
      .catch((error) => logger.error({ err: error }, "expired uploads sweep failed"));
  timers.push(setInterval(expiredUploads, uploadLeaseRenewalMs()).unref());
  startRoutineSweeps();
  startMailSender();
  onShutdown(async () => {
    for (const timer of timers) clearInterval(timer);
    await stopRoutineSweeps();
    await giveBack();
  });
}

/** What this node still holds once its transfers are over: nobody else would give it back before its lease ran out. */
async function giveBack(): Promise<void> {
  const holder = env().NODE_NAME;
  const claims = await releaseDeadClaims({ holder });
  const uploads = await releaseUploadLeasesOf(holder);
  logger.info({ claims, uploads }, "leases given back for the shutdown");
}
