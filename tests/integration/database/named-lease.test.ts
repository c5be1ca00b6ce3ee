// The named lease (lib/leases/named-lease.ts, docs/decisions/066) on the provider of the configuration: one holder at
// a time, however many ask at once (SQLite serialises writers; PostgreSQL runs the conditional updates and inserts at
// once under READ COMMITTED), renewed only by its holder, taken by another once it has run out, given up at once.
import { db } from "@/lib/db";
import { acquireLease, currentLease, releaseLease } from "@/lib/leases/named-lease";

const SECONDS = 30;
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
let n = 0;
const fresh = () => `test-lease-${n++}`;

it("has one holder, who renews it; another takes it once it has run out, and the old holder cannot renew it", async () => {
  const name = fresh();
  const t0 = new Date();
  expect(await currentLease(name, t0)).toBeNull();
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: t0 })).toBe(true);
  expect(await acquireLease({ name, holder: "node-b", seconds: SECONDS, now: at(t0, 1) })).toBe(false);
  // node-a renews before the end: the lease runs on from then, and node-b still cannot have it.
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: at(t0, 20) })).toBe(true);
  expect(await acquireLease({ name, holder: "node-b", seconds: SECONDS, now: at(t0, 40) })).toBe(false);
  expect(await currentLease(name, at(t0, 40))).toEqual({ holder: "node-a", leaseUntil: at(t0, 50) });
  // node-a stops renewing: past its end, node-b takes it, and node-a's late renewal is refused.
  expect(await currentLease(name, at(t0, 51))).toBeNull();
  expect(await acquireLease({ name, holder: "node-b", seconds: SECONDS, now: at(t0, 51) })).toBe(true);
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: at(t0, 52) })).toBe(false);
  const row = await db.lease.findUniqueOrThrow({ where: { name } });
  expect(row).toMatchObject({ holder: "node-b", leaseUntil: at(t0, 81), acquiredAt: at(t0, 51) });
});

it("a holder whose own lease ran out takes it afresh when nobody else did", async () => {
  const name = fresh();
  const t0 = new Date();
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: t0 })).toBe(true);
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: at(t0, 100) })).toBe(true);
  expect(await db.lease.findUniqueOrThrow({ where: { name } })).toMatchObject({ holder: "node-a", acquiredAt: at(t0, 100) });
});

it("is given up only by its holder, and then taken at once", async () => {
  const name = fresh();
  const t0 = new Date();
  expect(await acquireLease({ name, holder: "node-a", seconds: SECONDS, now: t0 })).toBe(true);
  expect(await releaseLease({ name, holder: "node-b" })).toBe(false);
  expect(await acquireLease({ name, holder: "node-b", seconds: SECONDS, now: at(t0, 1) })).toBe(false);
  expect(await releaseLease({ name, holder: "node-a" })).toBe(true);
  expect(await acquireLease({ name, holder: "node-b", seconds: SECONDS, now: at(t0, 2) })).toBe(true);
  expect(await releaseLease({ name, holder: "node-a" })).toBe(false);
  expect((await currentLease(name, at(t0, 3)))?.holder).toBe("node-b");
});

it("goes to exactly one of twenty nodes asking at once, for a new lease and for one that ran out", async () => {
  const name = fresh();
  const holders = Array.from({ length: 20 }, (_, i) => `node-${i}`);
  const t0 = new Date();
  const first = await Promise.all(holders.map((holder) => acquireLease({ name, holder, seconds: SECONDS, now: t0 })));
  expect(first.filter(Boolean)).toHaveLength(1);
  const winner = holders[first.indexOf(true)];
  expect((await currentLease(name, t0))?.holder).toBe(winner);

  // The winner dies; past its lease, twenty ask again (the winner's own name among them: a restart).
  const later = at(t0, SECONDS + 1);
  const second = await Promise.all(holders.map((holder) => acquireLease({ name, holder, seconds: SECONDS, now: later })));
  expect(second.filter(Boolean)).toHaveLength(1);
  expect((await currentLease(name, later))?.holder).toBe(holders[second.indexOf(true)]);
  expect(await db.lease.count({ where: { name } })).toBe(1);
});
