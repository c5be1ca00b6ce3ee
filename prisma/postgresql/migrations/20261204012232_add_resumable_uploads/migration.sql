-- CreateTable
CREATE TABLE "ResumableUpload" (
    "id" TEXT NOT NULL,
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
    "lockedUntil" TIMESTAMP(3),
    "fileId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResumableUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ResumableUpload_storageKey_key" ON "ResumableUpload"("storageKey");

-- CreateIndex
CREATE UNIQUE INDEX "ResumableUpload_fileId_key" ON "ResumableUpload"("fileId");

-- CreateIndex
CREATE INDEX "ResumableUpload_userId_idx" ON "ResumableUpload"("userId");

-- CreateIndex
CREATE INDEX "ResumableUpload_expiresAt_idx" ON "ResumableUpload"("expiresAt");

-- AddForeignKey
ALTER TABLE "ResumableUpload" ADD CONSTRAINT "ResumableUpload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResumableUpload" ADD CONSTRAINT "ResumableUpload_storageKey_fkey" FOREIGN KEY ("storageKey") REFERENCES "PendingBlob"("storageKey") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResumableUpload" ADD CONSTRAINT "ResumableUpload_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;
