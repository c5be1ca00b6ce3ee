// For tests of `npm run move`: imported first by the test file, before any app module reads the environment. In the
// PostgreSQL configuration this test file's database and S3 prefix become the move's target, and the app modules of
// the test file (lib/db, lib/storage, the factories) are pointed at a source of the kind the move takes: a SQLite
// database and a storage folder of their own, with the same secrets (the target starts with the source's keys). In
// the default configuration the test file's own SQLite database and folder are the source and there is no target.
import path from "node:path";
import { createThrowawayData } from "../../scripts/throwaway-server.mjs";
import { RUN_DIR_VARIABLE } from "./test-run";

export const onPostgres = (process.env.COFFER_TEST_DATABASE || "sqlite") === "postgresql";
export const movesStorage = onPostgres && process.env.STORAGE_DRIVER === "s3";

/** The configuration's database and bucket prefix, where the move copies to (null on SQLite). */
export const moveTarget = onPostgres ? { databaseUrl: process.env.DATABASE_URL! } : null;

if (onPostgres) {
  const root = path.resolve(__dirname, "../..");
  const data = createThrowawayData({ root, parentDir: process.env[RUN_DIR_VARIABLE], prefix: "coffer-move-source-", database: "sqlite" });
  // The S3_* settings stay: the bucket the move copies into, as an operator puts them beside the instance's own.
  delete process.env.STORAGE_DRIVER;
  process.env.DATABASE_URL = data.env.DATABASE_URL;
  process.env.STORAGE_DIR = data.env.STORAGE_DIR;
}
