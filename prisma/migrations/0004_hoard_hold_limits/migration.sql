-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "buyerEmailKey" TEXT,
ADD COLUMN     "clientKey" TEXT,
ADD COLUMN     "deskHoldAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Order_eventId_buyerEmailKey_idx" ON "Order"("eventId", "buyerEmailKey");

-- CreateIndex
CREATE INDEX "Order_eventId_buyerPhone_idx" ON "Order"("eventId", "buyerPhone");

-- CreateIndex
CREATE INDEX "Order_eventId_clientKey_idx" ON "Order"("eventId", "clientKey");

-- Holds already live when this runs count towards the limits too: their buyer by e-mail (lower case is
-- close enough for holds that end within two days) and the ones waiting for a desk payment.
UPDATE "Order" SET "buyerEmailKey" = lower("buyerEmail") WHERE "status" = 'pending' AND "holdReleasedAt" IS NULL;
UPDATE "Order" o SET "deskHoldAt" = p."createdAt"
FROM (SELECT "orderId", min("createdAt") AS "createdAt" FROM "Payment" WHERE "gateway" = 'cash' AND "status" = 'pending' GROUP BY "orderId") p
WHERE p."orderId" = o."id" AND o."status" = 'pending' AND o."holdReleasedAt" IS NULL;
