-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LinkGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "linkId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "spentAt" DATETIME,
    "completedAt" DATETIME,
    "network" TEXT,
    "resumeBudget" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LinkGrant_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LinkGrant" ("completedAt", "createdAt", "expiresAt", "id", "linkId", "spentAt") SELECT "completedAt", "createdAt", "expiresAt", "id", "linkId", "spentAt" FROM "LinkGrant";
DROP TABLE "LinkGrant";
ALTER TABLE "new_LinkGrant" RENAME TO "LinkGrant";
CREATE INDEX "LinkGrant_linkId_idx" ON "LinkGrant"("linkId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
