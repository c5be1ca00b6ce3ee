// What a production build was made from: a hash of the contents of every build input (generated files
// left out), written next to the build. `npm start` rebuilds only when it differs; tests and the bench
// refuse a build that does not match the sources. Plain Node: it runs before anything is installed.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/models.prisma",
  "prisma/sqlite/schema.prisma",
  "prisma/postgresql/schema.prisma",
  "proxy.ts",
  "instrumentation.ts",
  "server.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
// Rewritten by `prisma generate` on every start; the schemas and package-lock.json stand for it.
const GENERATED = new Set([path.join("lib", "generated")]);

export const STAMP_FILE = path.join(".next", "coffer-source-stamp");

function filesUnder(root, relative) {
  const full = path.join(root, relative);
  if (!fs.existsSync(full) || GENERATED.has(relative)) return [];
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, path.join(relative, name)));
}

export function sourceStamp(root) {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(root, input)) {
      hash
        .update(`${file}\0`)
        .update(
          createHash("sha256")
            .update(fs.readFileSync(path.join(root, file)))
            .digest(),
        )
        .update("\0");
    }
  }
  return hash.digest("hex");
}

/** Why the build in `root` cannot be used as it is, or null when it matches the sources. */
export function staleBuildReason(root) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !fs.existsSync(path.join(root, ".next", "coffer-server.js"))) {
    return "there is no production build";
  }
  const stampFile = path.join(root, STAMP_FILE);
  if (!fs.existsSync(stampFile)) return "the build was not made by `npm run build`";
  if (fs.readFileSync(stampFile, "utf8") !== sourceStamp(root)) return "the sources changed after the last build";
  return null;
}

export function writeStamp(root) {
  fs.writeFileSync(path.join(root, STAMP_FILE), sourceStamp(root));
}
