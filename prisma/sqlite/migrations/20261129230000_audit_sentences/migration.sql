-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "device" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "fileName" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "peer" TEXT;

