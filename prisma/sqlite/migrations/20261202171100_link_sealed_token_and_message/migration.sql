-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Link" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fileId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sealedToken" TEXT,
    "tokenKeyId" TEXT,
    "label" TEXT,
    "message" TEXT,
    "allowPreview" BOOLEAN NOT NULL DEFAULT false,
    "passwordHash" TEXT,
    "expiresAt" DATETIME,
    "maxDownloads" INTEGER,
    "downloadCount" INTEGER NOT NULL DEFAULT 0,
    "claimedCount" INTEGER NOT NULL DEFAULT 0,
    "revokedAt" DATETIME,
    "expiryNoticeAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Link_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Link" ("claimedCount", "createdAt", "downloadCount", "expiresAt", "expiryNoticeAt", "fileId", "id", "label", "maxDownloads", "passwordHash", "revokedAt", "tokenHash") SELECT "claimedCount", "createdAt", "downloadCount", "expiresAt", "expiryNoticeAt", "fileId", "id", "label", "maxDownloads", "passwordHash", "revokedAt", "tokenHash" FROM "Link";
DROP TABLE "Link";
ALTER TABLE "new_Link" RENAME TO "Link";
CREATE UNIQUE INDEX "Link_tokenHash_key" ON "Link"("tokenHash");
CREATE INDEX "Link_fileId_createdAt_idx" ON "Link"("fileId", "createdAt");
CREATE INDEX "Link_expiresAt_idx" ON "Link"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
