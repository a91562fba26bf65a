-- CreateEnum
CREATE TYPE "PromoDiscountKind" AS ENUM ('percent', 'amount', 'none');

-- CreateEnum
CREATE TYPE "PromoUseState" AS ENUM ('held', 'used', 'returned');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "discountMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "promoCodeId" TEXT,
ADD COLUMN     "promoUse" "PromoUseState";

-- CreateTable
CREATE TABLE "PromoCode" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT,
    "discountKind" "PromoDiscountKind" NOT NULL,
    "discountValue" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "ticketTypeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "appliesToBooths" BOOLEAN NOT NULL DEFAULT false,
    "unlocksTicketTypeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "maxUses" INTEGER,
    "maxUsesPerBuyer" INTEGER,
    "validFrom" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "usesHeld" INTEGER NOT NULL DEFAULT 0,
    "usesUsed" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PromoCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PromoCode_eventId_code_key" ON "PromoCode"("eventId", "code");

-- CreateIndex
CREATE INDEX "Order_promoCodeId_buyerEmailKey_idx" ON "Order"("promoCodeId", "buyerEmailKey");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_promoCodeId_fkey" FOREIGN KEY ("promoCodeId") REFERENCES "PromoCode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromoCode" ADD CONSTRAINT "PromoCode_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The use counters as the database guarantees them, like TicketType_stock_check for seats.
ALTER TABLE "PromoCode" ADD CONSTRAINT "PromoCode_uses_check"
  CHECK ("usesHeld" >= 0 AND "usesUsed" >= 0 AND ("maxUses" IS NULL OR "usesHeld" + "usesUsed" <= "maxUses"));
