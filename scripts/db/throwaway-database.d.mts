import type { DatabaseProvider } from "../../lib/env/database-url.mjs";
export const TEST_DATABASE_VARIABLE: string;
export function testDatabaseProvider(source?: Record<string, string | undefined>): DatabaseProvider;
export function createThrowawayDatabase(opts: { root: string; dir: string; prefix: string; provider?: DatabaseProvider }): string;
export function dropThrowawayDatabases(dir: string): void;
