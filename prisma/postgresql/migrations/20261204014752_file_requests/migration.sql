-- AlterTable
ALTER TABLE "File" ADD COLUMN     "requestId" TEXT,
ADD COLUMN     "senderName" TEXT;

-- AlterTable
ALTER TABLE "ResumableUpload" ADD COLUMN     "requestId" TEXT,
ADD COLUMN     "requestReserved" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "senderName" TEXT;

-- CreateTable
CREATE TABLE "FileRequest" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sealedToken" TEXT,
    "tokenKeyId" TEXT,
    "label" TEXT NOT NULL,
    "message" TEXT,
    "passwordHash" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "maxFiles" INTEGER NOT NULL,
    "maxTotalBytes" BIGINT NOT NULL,
    "maxFileBytes" BIGINT,
    "allowedTypes" TEXT,
    "filesLeft" INTEGER NOT NULL,
    "bytesLeft" BIGINT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FileRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FileRequest_tokenHash_key" ON "FileRequest"("tokenHash");

-- CreateIndex
CREATE INDEX "FileRequest_ownerId_createdAt_idx" ON "FileRequest"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "File_ownerId_requestId_createdAt_idx" ON "File"("ownerId", "requestId", "createdAt");

-- CreateIndex
CREATE INDEX "ResumableUpload_requestId_idx" ON "ResumableUpload"("requestId");

-- AddForeignKey
ALTER TABLE "FileRequest" ADD CONSTRAINT "FileRequest_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "File" ADD CONSTRAINT "File_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FileRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResumableUpload" ADD CONSTRAINT "ResumableUpload_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "FileRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
