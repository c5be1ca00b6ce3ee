// What the server does once at start: refuse to serve with a missing or wrong master key,
// then sweep storage now and every hour.
import "server-only";
import { verifyMasterKeys } from "@/lib/crypto/verify-master-keys";
import { sweepStorage } from "@/lib/storage/sweep";
import { logger } from "@/lib/logger";
import { releaseStaleSlots } from "@/lib/links/claim-download";

const startup = globalThis as unknown as { cofferStartup?: Promise<void> };

/** server.ts waits for this before it accepts connections. */
export function onServerStart(): Promise<void> {
  startup.cofferStartup ??= start();
  return startup.cofferStartup;
}

async function start(): Promise<void> {
  try {
    await verifyMasterKeys();
    await releaseStaleSlots();
  } catch (error) {
    console.error(`Coffer cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const sweep = () => sweepStorage().catch((error) => logger.error({ err: error }, "storage sweep failed"));
  void sweep();
  setInterval(sweep, 60 * 60 * 1000).unref();
}
