// Which configuration the integration tests run in. COFFER_TEST_STORAGE picks the blob store: "local" (the
// default: each test file's own folder) or "s3" (the S3 test server, a prefix per test file). The database
// switch of the PostgreSQL configuration composes with it: CI's second configuration sets both.
export const S3_ENDPOINT_VARIABLE = "COFFER_TEST_S3_ENDPOINT";

export function testStorage(): "local" | "s3" {
  const value = process.env.COFFER_TEST_STORAGE ?? "local";
  if (value !== "local" && value !== "s3") throw new Error(`COFFER_TEST_STORAGE must be "local" or "s3", not "${value}"`);
  return value;
}
