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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "File_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The table as 20261202070750_file_store left it (with "store"), plus searchName. Existing files get their name
-- folded as lib/files/name-search.ts folds it (SQLite's lower() folds ASCII letters only: an older name with other
-- capitals is found by its lower-case letters until it is renamed).
INSERT INTO "new_File" ("createdAt", "id", "masterKeyId", "mimeType", "name", "searchName", "ownerId", "sha256", "size", "storageKey", "store", "updatedAt", "wrappedKey") SELECT "createdAt", "id", "masterKeyId", "mimeType", "name", replace(replace(replace(lower("name"), '%', char(57344)), '_', char(57345)), '\', char(57346)), "ownerId", "sha256", "size", "storageKey", "store", "updatedAt", "wrappedKey" FROM "File";
DROP TABLE "File";
ALTER TABLE "new_File" RENAME TO "File";
CREATE UNIQUE INDEX "File_storageKey_key" ON "File"("storageKey");
CREATE INDEX "File_ownerId_createdAt_id_idx" ON "File"("ownerId", "createdAt", "id");
CREATE INDEX "File_ownerId_name_id_idx" ON "File"("ownerId", "name", "id");
CREATE INDEX "File_ownerId_size_id_idx" ON "File"("ownerId", "size", "id");
CREATE INDEX "File_ownerId_searchName_idx" ON "File"("ownerId", "searchName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
