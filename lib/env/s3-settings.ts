// The S3_* settings, checked together when STORAGE_DRIVER=s3 (or when a bucket is named, so that files an earlier
// configuration stored there stay readable). Every problem becomes one line naming the variable and what to do.
// Credentials are taken exactly as given: `/`, `+` and spaces are ordinary characters of a secret.

export type S3Settings = {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** "" or a folder ending in "/" (never starting with one). */
  prefix: string;
};

const BOOLEAN: Record<string, boolean> = { true: true, "1": true, false: false, "0": false };

/** The settings, or null when S3 is neither chosen nor configured; problems are appended to `lines`. */
export function s3Settings(source: Record<string, string | undefined>, lines: string[]): S3Settings | null {
  const chosen = source.STORAGE_DRIVER === "s3";
  if (!chosen && !source.S3_BUCKET) return null;
  const problem = (line: string) => lines.push(`  ${line}`);
  const bucket = source.S3_BUCKET ?? "";
  if (!bucket) problem("S3_BUCKET is missing: STORAGE_DRIVER=s3 needs the name of an existing bucket");
  else if (/^s3:\/\/|^https?:\/\//i.test(bucket) || /[/\s]/.test(bucket))
    problem("S3_BUCKET must be the bucket's name alone (no s3://, no URL, no slash): put a folder in S3_PREFIX");
  else if (bucket.length < 3 || bucket.length > 255) problem("S3_BUCKET must be 3 to 255 characters long");

  const region = source.S3_REGION || "us-east-1";
  if (!/^[a-z0-9-]{1,64}$/i.test(region)) problem(`S3_REGION "${region}" is not a region name (such as us-east-1 or eu-central-1)`);

  let endpoint: string | undefined;
  if (source.S3_ENDPOINT) {
    let url: URL | null = null;
    try {
      url = new URL(source.S3_ENDPOINT);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
      problem("S3_ENDPOINT must be an http:// or https:// address, such as https://s3.example.org or http://127.0.0.1:9000");
    else if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.username || url.password)
      problem("S3_ENDPOINT must be the store's address alone, without a path or credentials: put the bucket in S3_BUCKET");
    else endpoint = url.origin;
  }

  const pathStyle = source.S3_FORCE_PATH_STYLE ?? "false";
  if (!(pathStyle in BOOLEAN)) problem("S3_FORCE_PATH_STYLE must be true or false (true for most self-hosted stores)");

  const accessKeyId = source.S3_ACCESS_KEY_ID ?? "";
  const secretAccessKey = source.S3_SECRET_ACCESS_KEY ?? "";
  if (!accessKeyId) problem("S3_ACCESS_KEY_ID is missing");
  if (!secretAccessKey) problem("S3_SECRET_ACCESS_KEY is missing");

  let prefix = source.S3_PREFIX ?? "";
  prefix = prefix.replace(/^\/+/, "");
  if (prefix && !prefix.endsWith("/")) prefix += "/";
  if (
    prefix
      .split("/")
      .slice(0, -1)
      .some((segment) => segment === "" || segment === "." || segment === "..")
  )
    problem('S3_PREFIX must be a folder such as "coffer/" or "teams/a b+c/" (no empty, "." or ".." segments)');
  if (Buffer.byteLength(prefix) > 512) problem("S3_PREFIX is too long (at most 512 bytes)");

  return { bucket, region, endpoint, forcePathStyle: BOOLEAN[pathStyle] ?? false, accessKeyId, secretAccessKey, prefix };
}
