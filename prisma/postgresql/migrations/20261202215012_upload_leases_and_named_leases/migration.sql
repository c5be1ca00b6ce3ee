-- AlterTable
-- Uploads recorded before leases existed died with the servers that restarted to migrate: their leases ran out when
-- they began, so the first sweep on any node takes them (their reservations and blobs).
ALTER TABLE "PendingBlob" ADD COLUMN     "leaseUntil" TIMESTAMP(3);
UPDATE "PendingBlob" SET "leaseUntil" = "createdAt";
ALTER TABLE "PendingBlob" ALTER COLUMN "leaseUntil" SET NOT NULL;

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "PendingBlob_leaseUntil_idx" ON "PendingBlob"("leaseUntil");
