// Types of scripts/prepare-db.mjs for the TypeScript scripts that use it.
export declare function withMigrationLock<T>(
  url: string,
  cwd: string,
  work: () => T | Promise<T>,
  say?: (line: string) => void,
): Promise<T>;
export declare function prepareDatabase(databaseUrl: string, cwd?: string, migrationUrl?: string): void;
