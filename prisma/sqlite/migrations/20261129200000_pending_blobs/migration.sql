-- CreateTable
CREATE TABLE "PendingBlob" (
    "storageKey" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "reservedBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PendingBlob_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PendingBlob_holder_idx" ON "PendingBlob"("holder");

-- CreateIndex
CREATE INDEX "PendingBlob_userId_idx" ON "PendingBlob"("userId");

