// SQLite: the Prisma client over one better-sqlite3 connection in WAL mode, with a busy timeout so that other
// processes' writers (scripts, a second node) are waited for instead of failing.
import "server-only";
import { Mutex } from "async-mutex";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/sqlite/client";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** Calls a method with `this` bound to the real object (the adapter keeps private fields a Proxy would break). */
function passThrough<T extends object>(target: T, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop, target);
  return typeof value === "function" ? value.bind(target) : value;
}

/**
 * Takes the database's write lock at the start of a transaction, as BEGIN IMMEDIATE would (the adapter begins with a
 * plain BEGIN, which takes it only at the first write). Another process (a maintenance script, a second server on the
 * same file) that commits a write between this transaction's first read and its first write would otherwise make that
 * write fail at once with SQLITE_BUSY, which Prisma reports as "Operation has timed out": the busy timeout does not
 * apply to a transaction that already read. Taken first, the lock is waited for up to the busy timeout like any
 * write. A write that matches no row takes the lock and changes nothing; the migrations table exists in every
 * migrated database.
 */
async function takeWriteLock(transaction: Transaction): Promise<void> {
  await transaction.executeRaw({ sql: "DELETE FROM _prisma_migrations WHERE 0", args: [], argTypes: [] });
}

/**
 * Every query waits for the lock an open interactive transaction holds. The adapter serialises transactions
 * against each other only: on its one connection, a query from another request that arrives while a
 * transaction is open runs inside it, sees its uncommitted writes and is rolled back with it
 * (tests/integration/database/transactions.test.ts). Queries are synchronous in better-sqlite3, so the lock
 * costs nothing when no transaction is open.
 */
export function serialiseQueries(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const lock = new Mutex();
  const connect = async (): Promise<Adapter> => {
    const adapter = await factory.connect();
    return new Proxy(adapter, {
      get(target, prop) {
        if (prop === "queryRaw" || prop === "executeRaw" || prop === "executeScript") {
          const method = passThrough(target, prop) as (arg: never) => Promise<unknown>;
          return (arg: never) => lock.runExclusive(() => method(arg));
        }
        if (prop === "startTransaction") {
          return async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]): Promise<Transaction> => {
            const release = await lock.acquire();
            let transaction: Transaction;
            try {
              transaction = await target.startTransaction(isolationLevel);
            } catch (error) {
              release();
              throw error;
            }
            try {
              await takeWriteLock(transaction);
            } catch (error) {
              await transaction.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
              await transaction.rollback().catch(() => undefined);
              release();
              throw error;
            }
            let released = false;
            const end = (method: () => Promise<void>) => async () => {
              try {
                await method();
              } finally {
                if (!released) {
                  released = true;
                  release();
                }
              }
            };
            return new Proxy(transaction, {
              get(tx, name) {
                if (name === "commit" || name === "rollback") return end(passThrough(tx, name) as () => Promise<void>);
                return passThrough(tx, name);
              },
            });
          };
        }
        return passThrough(target, prop);
      },
    });
  };
  return new Proxy(factory, { get: (target, prop) => (prop === "connect" ? connect : passThrough(target, prop)) });
}

export function createSqliteClient(url: string): PrismaClient {
  const adapter = serialiseQueries(new PrismaBetterSQLite3({ url, timeout: 10_000 }));
  return new PrismaClient({ adapter });
}
