-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_File" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "store" TEXT NOT NULL DEFAULT 'local',
    "wrappedKey" TEXT NOT NULL,
    "masterKeyId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "File_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_File" ("createdAt", "id", "masterKeyId", "mimeType", "name", "ownerId", "sha256", "size", "storageKey", "updatedAt", "wrappedKey") SELECT "createdAt", "id", "masterKeyId", "mimeType", "name", "ownerId", "sha256", "size", "storageKey", "updatedAt", "wrappedKey" FROM "File";
DROP TABLE "File";
ALTER TABLE "new_File" RENAME TO "File";
CREATE UNIQUE INDEX "File_storageKey_key" ON "File"("storageKey");
CREATE INDEX "File_ownerId_createdAt_id_idx" ON "File"("ownerId", "createdAt", "id");
CREATE INDEX "File_ownerId_name_id_idx" ON "File"("ownerId", "name", "id");
CREATE INDEX "File_ownerId_size_id_idx" ON "File"("ownerId", "size", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

