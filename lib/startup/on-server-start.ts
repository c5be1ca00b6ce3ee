// What the server does once at start: refuse to serve with a missing or wrong master key or a blob store it cannot
// use (a wrong endpoint, wrong keys, a missing bucket: lib/storage's check says which), give back link
// slots no transfer holds any more, then sweep storage now (what crashed uploads and deletes left) and every
// SWEEP_INTERVAL_SECONDS, and start sending the outbox's mail. server.ts accepts connections
// only once this has passed (lib/server-bridge.ts carries the promise across).
import "server-only";
import { verifyMasterKeys } from "@/lib/crypto/verify-master-keys";
import { sweepStorage } from "@/lib/storage/sweep";
import { blobStore } from "@/lib/storage";
import { sweepPreviews } from "@/lib/files/preview-cache";
import { removeDeletedBlobs } from "@/lib/files/remove-deleted-blobs";
import { reconcileStorageIfDue } from "@/lib/files/reconcile-storage";
import { releaseDeadClaims } from "@/lib/links/claim-download";
import { warnAboutReadableDatabase } from "./check-data-permissions";
import { env } from "@/lib/env";
import { clearExpiredRateLimits } from "@/lib/db";
import { logger } from "@/lib/logger";
import { announceStartup } from "@/lib/server-bridge";
import { startMailSender } from "@/lib/outbox/mail-sender";
import { mailEnabled } from "@/lib/outbox/enqueue-mail";
import { noticeExpiredLinks } from "@/lib/links/notice-expired-links";

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
    // Claims this node held before it restarted died with it; other nodes' claims are theirs to end or to let expire.
    const own = await releaseDeadClaims({ holder: env().NODE_NAME });
    if (own > 0) logger.info({ released: own }, "download claims of this node's previous run given back");
    warnAboutReadableDatabase();
  } catch (error) {
    console.error(`Coffer cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  // The routine sweep costs what changed since the last one (abandoned uploads, unfinished writes, recorded
  // deletions); the listing of the whole store runs only when a reconciliation is due (docs/decisions/063).
  let sweeping = false; // one sweep at a time in this process: a reconciliation of a large store may outlast the interval
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    await sweepStorage().catch((error) => logger.error({ err: error }, "storage sweep failed"));
    await removeDeletedBlobs().catch((error) => logger.error({ err: error }, "removing deleted blobs failed"));
    await sweepPreviews().catch((error) => logger.error({ err: error }, "preview sweep failed"));
    await reconcileStorageIfDue().catch((error) => logger.error({ err: error }, "storage reconciliation failed"));
    await clearExpiredRateLimits().catch((error) => logger.error({ err: error }, "clearing expired rate limits failed"));
    sweeping = false;
  };
  void sweep();
  setInterval(sweep, env().SWEEP_INTERVAL_SECONDS * 1000).unref();
  // Claims of transfers whose node died: back to their links once the lease has run out, whichever node looks first.
  const claims = () =>
    releaseDeadClaims({ expiredBefore: new Date() })
      .then((released) => released > 0 && logger.info({ released }, "expired download claims given back"))
      .catch((error) => logger.error({ err: error }, "download claims sweep failed"));
  setInterval(claims, Math.max(5, env().DOWNLOAD_CLAIM_LEASE_SECONDS / 4) * 1000).unref();
  startMailSender();
  // Links expire without anything happening: every node looks for them once a minute (one tells each owner).
  if (mailEnabled()) {
    const scan = () => noticeExpiredLinks().catch((error) => logger.error({ err: error }, "expired links scan failed"));
    void scan();
    setInterval(scan, 60_000).unref();
  }
}
