-- CreateTable
CREATE TABLE "BlobDeletion" (
    "storageKey" TEXT NOT NULL PRIMARY KEY,
    "store" TEXT NOT NULL,
    "fileId" TEXT,
    "holder" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PendingBlob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PendingBlob" ("createdAt", "holder", "reservedBytes", "storageKey", "userId") SELECT "createdAt", "holder", "reservedBytes", "storageKey", "userId" FROM "PendingBlob";
DROP TABLE "PendingBlob";
ALTER TABLE "new_PendingBlob" RENAME TO "PendingBlob";
CREATE INDEX "PendingBlob_holder_idx" ON "PendingBlob"("holder");
CREATE INDEX "PendingBlob_userId_idx" ON "PendingBlob"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BlobDeletion_nextAttemptAt_idx" ON "BlobDeletion"("nextAttemptAt");
