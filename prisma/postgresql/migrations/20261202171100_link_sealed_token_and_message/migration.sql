-- AlterTable
ALTER TABLE "Link" ADD COLUMN     "allowPreview" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "message" TEXT,
ADD COLUMN     "sealedToken" TEXT,
ADD COLUMN     "tokenKeyId" TEXT;
