import fs from "node:fs";
import path from "node:path";

/** The first path segment of every route under app/(app): the pages only signed-in users see. */
export function privateRoutes(appDir = path.join(import.meta.dirname, "app", "(app)")) {
  return fs
    .readdirSync(appDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !/^[([@_]/.test(entry.name))
    .map((entry) => `/${entry.name}`)
    .sort();
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // proxy.ts sends anonymous visitors of these to /login; read from the folder so the two cannot drift apart.
  env: { COFFER_PRIVATE_ROUTES: privateRoutes().join(",") },
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or worker-using packages stay outside the bundle.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "pino",
    "busboy",
    "bcryptjs",
    "sharp",
    "piscina",
  ],
  // `npm test` type-checks the whole tree (tests included) as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The security headers every response carries are set by server.ts (lib/security/response-headers.ts), so that the
  // answers Next.js makes on its own and the server's refusals carry them too; only what differs per route is here.
  async headers() {
    return [
      // Link pages: the token is in the URL, so it must not leak through Referer or search engines.
      {
        source: "/s/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
      // File request pages and their upload routes: the same, for the same reason.
      ...["/r/:path*", "/api/requests/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      })),
    ];
  },
  experimental: {
    // lib/security/request-rules.ts refuses larger bodies with a 413 before Next.js sees them (a unit test compares).
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
