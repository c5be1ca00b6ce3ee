-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "bytes" BIGINT,
ADD COLUMN     "downloadLimit" INTEGER,
ADD COLUMN     "downloadNumber" INTEGER,
ADD COLUMN     "resumed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totalBytes" BIGINT;
