-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "acquiredAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PendingBlob" (
    "storageKey" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "store" TEXT NOT NULL DEFAULT 'local',
    "reservedBytes" BIGINT NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PendingBlob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Uploads recorded before leases existed died with the servers that restarted to migrate: their leases ran out when
-- they began, so the first sweep on any node takes them (their reservations and blobs).
INSERT INTO "new_PendingBlob" ("createdAt", "holder", "reservedBytes", "storageKey", "store", "userId", "leaseUntil") SELECT "createdAt", "holder", "reservedBytes", "storageKey", "store", "userId", "createdAt" FROM "PendingBlob";
DROP TABLE "PendingBlob";
ALTER TABLE "new_PendingBlob" RENAME TO "PendingBlob";
CREATE INDEX "PendingBlob_holder_idx" ON "PendingBlob"("holder");
CREATE INDEX "PendingBlob_userId_idx" ON "PendingBlob"("userId");
CREATE INDEX "PendingBlob_leaseUntil_idx" ON "PendingBlob"("leaseUntil");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
