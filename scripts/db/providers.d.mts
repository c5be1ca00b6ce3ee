import type { DatabaseProvider } from "../../lib/env/database-url.mjs";
export { providerOf } from "../../lib/env/database-url.mjs";
export const PROVIDERS: DatabaseProvider[];
export function schemaPath(root: string, provider: DatabaseProvider): string;
export function migrationsPath(root: string, provider: DatabaseProvider): string;
export const PLACEHOLDER_URL: Record<DatabaseProvider, string>;
