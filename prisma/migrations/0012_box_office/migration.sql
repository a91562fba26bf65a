-- AlterTable
ALTER TABLE "User" ADD COLUMN     "canScan" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "canSell" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BoxOfficeShift" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "cashierId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "floatMinor" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "countedCashMinor" INTEGER,
    "expectedCashMinor" INTEGER,
    "totals" JSONB,
    "salesCount" INTEGER,
    "ticketsCount" INTEGER,

    CONSTRAINT "BoxOfficeShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoxOfficeSale" (
    "id" TEXT NOT NULL,
    "shiftId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "orderId" TEXT,
    "gateway" TEXT NOT NULL,
    "tenderedMinor" INTEGER,
    "changeMinor" INTEGER,
    "admit" BOOLEAN NOT NULL DEFAULT false,
    "voidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BoxOfficeSale_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BoxOfficeShift_eventId_openedAt_idx" ON "BoxOfficeShift"("eventId", "openedAt");

-- CreateIndex
CREATE INDEX "BoxOfficeShift_cashierId_openedAt_idx" ON "BoxOfficeShift"("cashierId", "openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BoxOfficeSale_orderId_key" ON "BoxOfficeSale"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "BoxOfficeSale_shiftId_idempotencyKey_key" ON "BoxOfficeSale"("shiftId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "BoxOfficeShift" ADD CONSTRAINT "BoxOfficeShift_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxOfficeShift" ADD CONSTRAINT "BoxOfficeShift_cashierId_fkey" FOREIGN KEY ("cashierId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxOfficeSale" ADD CONSTRAINT "BoxOfficeSale_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "BoxOfficeShift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxOfficeSale" ADD CONSTRAINT "BoxOfficeSale_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One open shift per cashier and event: a second "open" while one is open is refused by the database,
-- whichever tablet asks.
CREATE UNIQUE INDEX "BoxOfficeShift_one_open_per_cashier" ON "BoxOfficeShift"("cashierId", "eventId") WHERE "closedAt" IS NULL;

-- A change of rights ends every session of the account, like a change of password, role or e-mail.
CREATE OR REPLACE FUNCTION "lango_end_sessions_on_credential_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash"
     OR NEW."role" IS DISTINCT FROM OLD."role"
     OR NEW."email" IS DISTINCT FROM OLD."email"
     OR NEW."canScan" IS DISTINCT FROM OLD."canScan"
     OR NEW."canSell" IS DISTINCT FROM OLD."canSell" THEN
    NEW."sessionVersion" := GREATEST(NEW."sessionVersion", OLD."sessionVersion" + 1);
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER "User_end_sessions_on_credential_change" ON "User";
CREATE TRIGGER "User_end_sessions_on_credential_change"
  BEFORE UPDATE OF "passwordHash", "role", "email", "canScan", "canSell" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "lango_end_sessions_on_credential_change"();
