// How server code that has already established who the user is (registration just made the account; the
// two-factor step just checked the code) signs the browser in: a one-time ticket, kept in this process's
// memory for a minute, that Auth.js's "handoff" provider redeems. It never leaves the server: Auth.js's
// signIn() runs in the same process, and app/api/auth answers 404 for the provider's HTTP route.
import "server-only";
import { processSingleton } from "@/lib/process-state";
import { randomBytes } from "node:crypto";
import type { AuthMethod } from "./auth-method";

const TICKET_TTL_MS = 60_000;
/** Who signs in, and how they proved it (the session records it). */
export type Handoff = { userId: string; authMethod: AuthMethod };
type Ticket = Handoff & { expires: number };

// Issued and redeemed within one request (Auth.js's signIn() runs in the process that issued it).
const tickets = processSingleton(
  "handoff-tickets",
  { kind: "per-request", why: "a ticket is issued and redeemed within one request on this process, within a minute" },
  () => new Map<string, Ticket>(),
);

export function issueHandoffTicket(handoff: Handoff): string {
  const now = Date.now();
  for (const [key, ticket] of tickets) if (ticket.expires < now) tickets.delete(key);
  const ticket = randomBytes(32).toString("base64url");
  tickets.set(ticket, { ...handoff, expires: now + TICKET_TTL_MS });
  return ticket;
}

/** What the ticket was issued for, once; null for an unknown, used or expired ticket. */
export function redeemHandoffTicket(ticket: unknown): Handoff | null {
  if (typeof ticket !== "string") return null;
  const found = tickets.get(ticket);
  tickets.delete(ticket);
  return found && found.expires >= Date.now() ? { userId: found.userId, authMethod: found.authMethod } : null;
}
