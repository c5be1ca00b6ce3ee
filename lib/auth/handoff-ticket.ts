// How server code that has already established who the user is (registration just made the account; the
// two-factor step just checked the code) signs the browser in: a one-time ticket, kept in this process's
// memory for a minute, that Auth.js's "handoff" provider redeems. It never leaves the server: Auth.js's
// signIn() runs in the same process, and app/api/auth answers 404 for the provider's HTTP route.
import "server-only";
import { randomBytes } from "node:crypto";

const TICKET_TTL_MS = 60_000;
type Ticket = { userId: string; expires: number };

const holder = globalThis as unknown as { cofferHandoffTickets?: Map<string, Ticket> };
const tickets = (holder.cofferHandoffTickets ??= new Map());

export function issueHandoffTicket(userId: string): string {
  const now = Date.now();
  for (const [key, ticket] of tickets) if (ticket.expires < now) tickets.delete(key);
  const ticket = randomBytes(32).toString("base64url");
  tickets.set(ticket, { userId, expires: now + TICKET_TTL_MS });
  return ticket;
}

/** The user the ticket was issued for, once; null for an unknown, used or expired ticket. */
export function redeemHandoffTicket(ticket: unknown): string | null {
  if (typeof ticket !== "string") return null;
  const found = tickets.get(ticket);
  tickets.delete(ticket);
  return found && found.expires >= Date.now() ? found.userId : null;
}
