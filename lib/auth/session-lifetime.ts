// How long a session lasts: idle (no request) and absolute (since sign-in).
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;
/** "Last active" is written at most this often, not on every request. */
export const LAST_SEEN_RESOLUTION_SECONDS = 5 * 60;
