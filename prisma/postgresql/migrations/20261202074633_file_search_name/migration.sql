-- AlterTable
-- Existing files get their name folded as lib/files/name-search.ts folds it (lower(), which matches JavaScript's
-- toLowerCase for the names people use, and LIKE's special characters moved to the Private Use Area).
ALTER TABLE "File" ADD COLUMN     "searchName" TEXT;
UPDATE "File" SET "searchName" = replace(replace(replace(lower("name"), '%', chr(57344)), '_', chr(57345)), '\', chr(57346));
ALTER TABLE "File" ALTER COLUMN "searchName" SET NOT NULL;

-- CreateIndex
CREATE INDEX "File_ownerId_searchName_idx" ON "File"("ownerId", "searchName");
