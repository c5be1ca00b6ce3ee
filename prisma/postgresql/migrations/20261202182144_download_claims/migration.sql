-- CreateTable
CREATE TABLE "DownloadClaim" (
    "id" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "grantId" TEXT,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DownloadClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DownloadClaim_leaseUntil_idx" ON "DownloadClaim"("leaseUntil");

-- CreateIndex
CREATE INDEX "DownloadClaim_holder_idx" ON "DownloadClaim"("holder");

-- CreateIndex
CREATE INDEX "DownloadClaim_linkId_idx" ON "DownloadClaim"("linkId");

-- AddForeignKey
ALTER TABLE "DownloadClaim" ADD CONSTRAINT "DownloadClaim_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "Link"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Claims are rows from now on. What the counters held for transfers that died with the old process (the server
-- restarts to migrate, so none is running) goes back, as the old start-up did: the claims of a link are its counted
-- downloads plus the grants whose cut-off transfer spent a slot, and grants that never spent one are dropped.
UPDATE "Link" SET "claimedCount" = "downloadCount"
  + (SELECT COUNT(*) FROM "LinkGrant" g WHERE g."linkId" = "Link"."id" AND g."spentAt" IS NOT NULL AND g."completedAt" IS NULL);
DELETE FROM "LinkGrant" WHERE "spentAt" IS NULL AND "completedAt" IS NULL;
