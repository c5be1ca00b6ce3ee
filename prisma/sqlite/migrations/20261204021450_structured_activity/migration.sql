-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Activity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fileId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "subject" TEXT,
    "linkId" TEXT,
    "address" TEXT,
    "downloadNumber" INTEGER,
    "downloadLimit" INTEGER,
    "bytes" BIGINT,
    "totalBytes" BIGINT,
    "resumed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Activity_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Activity" ("actorId", "actorName", "address", "createdAt", "fileId", "id", "kind", "linkId", "subject") SELECT "actorId", "actorName", "address", "createdAt", "fileId", "id", "kind", "linkId", "subject" FROM "Activity";
DROP TABLE "Activity";
ALTER TABLE "new_Activity" RENAME TO "Activity";
CREATE INDEX "Activity_fileId_createdAt_idx" ON "Activity"("fileId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
