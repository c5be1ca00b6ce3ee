-- AlterTable
ALTER TABLE "PendingBlob" ADD COLUMN     "store" TEXT NOT NULL DEFAULT 'local';

-- CreateTable
CREATE TABLE "BlobDeletion" (
    "storageKey" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "fileId" TEXT,
    "holder" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlobDeletion_pkey" PRIMARY KEY ("storageKey")
);

-- CreateIndex
CREATE INDEX "BlobDeletion_nextAttemptAt_idx" ON "BlobDeletion"("nextAttemptAt");
