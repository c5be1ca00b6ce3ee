/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or worker-using packages stay outside the bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pino", "busboy", "bcryptjs"],
  // `npm test` type-checks the whole tree (tests included) as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    // Link pages: the token is in the URL, so it must not leak through Referer or search engines.
    return [
      {
        source: "/s/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      },
    ];
  },
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
