// Types of scripts/start-lock.mjs for the TypeScript scripts and tests that use it.
export declare const LOCK_FILE: string;
export declare const OLD_PID_FILE: string;
export declare function holderSentence(note: string): string;
export declare function startLockHolder(root: string): string | null;
export declare function takeStartLock(
  root: string,
): { fd: number; note: (state: "starting" | "serving" | "moving", pid?: number) => void; refused?: undefined } | { refused: string };
export declare function portTaken(port: number): Promise<boolean>;
