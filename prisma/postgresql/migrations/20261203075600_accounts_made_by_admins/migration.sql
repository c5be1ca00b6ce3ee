-- AlterTable
ALTER TABLE "AccountToken" ALTER COLUMN "userId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "AccountToken_purpose_usedAt_expiresAt_idx" ON "AccountToken"("purpose", "usedAt", "expiresAt");
