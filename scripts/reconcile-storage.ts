// `npm run storage:reconcile`: lists the whole configured store once and reconciles it with the database: removes
// blobs no row names (and no upload under way holds: its row exists before its first byte), previews whose file is
// gone or keeps its blob in another store, and reports File rows whose blob is missing. The running server does the
// same every RECONCILE_INTERVAL_HOURS; its routine sweep never lists the store (docs/decisions/063). Safe to run while
// Coffer runs.
import { loadEnvConfig } from "@next/env";
import { requireCofferDatabase } from "./require-coffer-database";

loadEnvConfig(process.cwd());

async function main() {
  await requireCofferDatabase();
  const { reconcileStorage } = await import("@/lib/files/reconcile-storage");
  const { blobStore } = await import("@/lib/storage");
  const store = blobStore();
  await store.check();
  const result = await reconcileStorage({ store });
  console.log(
    `Reconciled ${store.location}: removed ${result.orphanBlobs} blob(s) no file names and ${result.orphanPreviews} preview(s) ` +
      `without their file; ${result.missingBlobs} file(s) have no blob${result.missingBlobs ? " (their ids are in the log)" : ""}.`,
  );
}

// Exits explicitly: an S3 client's idle keep-alive connections would hold the process open for a while.
main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`Reconciliation failed: ${error.message}`);
    process.exit(1);
  },
);
