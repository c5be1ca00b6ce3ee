// What a personal access token may do (docs/decisions/078). Safe to import in the browser (the settings form lists them).

export const SCOPES = {
  "files:read": "List, open and download your files",
  "files:write": "Upload, rename and delete your files",
  "shares:write": "Create and revoke links and shares of your files",
} as const;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export const isScope = (value: string): value is Scope => Object.hasOwn(SCOPES, value);

/** Token lifetimes the settings offer, in days; null is "never" (allowed, and marked wherever the token is listed). */
export const TOKEN_LIFETIMES = [7, 30, 90, 365, null] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;
