-- CreateTable
CREATE TABLE "ResumableUpload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "storageKey" TEXT,
    "store" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "length" BIGINT NOT NULL,
    "offset" BIGINT NOT NULL DEFAULT 0,
    "storedBytes" BIGINT NOT NULL DEFAULT 0,
    "writeState" TEXT,
    "header" TEXT NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "masterKeyId" TEXT NOT NULL,
    "mimeType" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "fileId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ResumableUpload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResumableUpload_storageKey_fkey" FOREIGN KEY ("storageKey") REFERENCES "PendingBlob" ("storageKey") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ResumableUpload_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ResumableUpload_storageKey_key" ON "ResumableUpload"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "ResumableUpload_fileId_key" ON "ResumableUpload"("fileId");

-- CreateIndex
CREATE INDEX "ResumableUpload_userId_idx" ON "ResumableUpload"("userId");

-- CreateIndex
CREATE INDEX "ResumableUpload_expiresAt_idx" ON "ResumableUpload"("expiresAt");
