-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "conflict" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "localResult" TEXT;

-- CreateIndex
CREATE INDEX "CheckIn_conflict_scannedAt_idx" ON "CheckIn"("conflict", "scannedAt");
