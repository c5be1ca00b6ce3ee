export type DatabaseProvider = "sqlite" | "postgresql";
export const DEFAULT_DATABASE_URL: string;
export function providerOf(url: string): DatabaseProvider | null;
export function databaseUrlProblem(url: string): string | null;
export function describeDatabaseUrl(url: string): string;
export function postgresDatabaseName(url: string): string | null;
export function migrationUrlProblem(migrationUrl: string, url: string): string | null;
export function databaseUrl(source?: Record<string, string | undefined>): string;
export function migrationDatabaseUrl(source?: Record<string, string | undefined>): string;
