-- AlterTable
ALTER TABLE "File" ADD COLUMN     "store" TEXT NOT NULL DEFAULT 'local';
