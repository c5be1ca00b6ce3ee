-- CreateTable
CREATE TABLE "rate_limit_counter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT
);

-- CreateIndex
CREATE INDEX "rate_limit_counter_expire_idx" ON "rate_limit_counter"("expire");
