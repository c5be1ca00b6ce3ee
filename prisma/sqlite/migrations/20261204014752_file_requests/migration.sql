-- CreateTable
CREATE TABLE "FileRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sealedToken" TEXT,
    "tokenKeyId" TEXT,
    "label" TEXT NOT NULL,
    "message" TEXT,
    "passwordHash" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "maxFiles" INTEGER NOT NULL,
    "maxTotalBytes" BIGINT NOT NULL,
    "maxFileBytes" BIGINT,
    "allowedTypes" TEXT,
    "filesLeft" INTEGER NOT NULL,
    "bytesLeft" BIGINT NOT NULL,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FileRequest_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_File" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "store" TEXT NOT NULL DEFAULT 'local',
    "wrappedKey" TEXT NOT NULL,
    "masterKeyId" TEXT NOT NULL,
    "requestId" TEXT,
    "senderName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "File_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "File_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FileRequest" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_File" ("createdAt", "id", "masterKeyId", "mimeType", "name", "ownerId", "searchName", "sha256", "size", "storageKey", "store", "updatedAt", "wrappedKey") SELECT "createdAt", "id", "masterKeyId", "mimeType", "name", "ownerId", "searchName", "sha256", "size", "storageKey", "store", "updatedAt", "wrappedKey" FROM "File";
DROP TABLE "File";
ALTER TABLE "new_File" RENAME TO "File";
CREATE UNIQUE INDEX "File_storageKey_key" ON "File"("storageKey");
CREATE INDEX "File_ownerId_requestId_createdAt_idx" ON "File"("ownerId", "requestId", "createdAt");
CREATE INDEX "File_ownerId_createdAt_id_idx" ON "File"("ownerId", "createdAt", "id");
CREATE INDEX "File_ownerId_name_id_idx" ON "File"("ownerId", "name", "id");
CREATE INDEX "File_ownerId_size_id_idx" ON "File"("ownerId", "size", "id");
CREATE INDEX "File_ownerId_searchName_idx" ON "File"("ownerId", "searchName");
CREATE TABLE "new_ResumableUpload" (
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
    "requestId" TEXT,
    "senderName" TEXT,
    "requestReserved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ResumableUpload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResumableUpload_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FileRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResumableUpload_storageKey_fkey" FOREIGN KEY ("storageKey") REFERENCES "PendingBlob" ("storageKey") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ResumableUpload_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ResumableUpload" ("createdAt", "expiresAt", "fileId", "header", "id", "length", "lockedBy", "lockedUntil", "masterKeyId", "mimeType", "name", "offset", "storageKey", "store", "storedBytes", "userId", "wrappedKey", "writeState") SELECT "createdAt", "expiresAt", "fileId", "header", "id", "length", "lockedBy", "lockedUntil", "masterKeyId", "mimeType", "name", "offset", "storageKey", "store", "storedBytes", "userId", "wrappedKey", "writeState" FROM "ResumableUpload";
DROP TABLE "ResumableUpload";
ALTER TABLE "new_ResumableUpload" RENAME TO "ResumableUpload";
CREATE UNIQUE INDEX "ResumableUpload_storageKey_key" ON "ResumableUpload"("storageKey");
CREATE UNIQUE INDEX "ResumableUpload_fileId_key" ON "ResumableUpload"("fileId");
CREATE INDEX "ResumableUpload_userId_idx" ON "ResumableUpload"("userId");
CREATE INDEX "ResumableUpload_requestId_idx" ON "ResumableUpload"("requestId");
CREATE INDEX "ResumableUpload_expiresAt_idx" ON "ResumableUpload"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "FileRequest_tokenHash_key" ON "FileRequest"("tokenHash");

-- CreateIndex
CREATE INDEX "FileRequest_ownerId_createdAt_idx" ON "FileRequest"("ownerId", "createdAt");
