-- AlterTable
ALTER TABLE "LinkGrant" ADD COLUMN     "network" TEXT,
ADD COLUMN     "resumeBudget" BIGINT NOT NULL DEFAULT 0;
