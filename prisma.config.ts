// Prisma CLI configuration. The JS schema engine with the better-sqlite3 adapter works offline
// (the native engines would be downloaded at generate/migrate time).
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./lib/env/database-url";

loadEnvConfig(process.cwd());
const url = databaseUrl();
// The schema's datasource reads DATABASE_URL; it must resolve or the CLI falls back to engine downloads.
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
