-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('waiting', 'offered', 'bought', 'lapsed', 'removed');

-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('text', 'choice', 'checkbox', 'phone', 'email');

-- CreateEnum
CREATE TYPE "QuestionScope" AS ENUM ('order', 'attendee');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "waitlistOfferHours" INTEGER NOT NULL DEFAULT 12;

-- AlterTable
ALTER TABLE "TicketType" ADD COLUMN     "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "answers" JSONB;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "answers" JSONB;

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "ticketTypeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'waiting',
    "offerCode" TEXT,
    "offeredAt" TIMESTAMP(3),
    "offerExpiresAt" TIMESTAMP(3),
    "orderId" TEXT,
    "boughtAt" TIMESTAMP(3),
    "lapsedAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "leaveToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutQuestion" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "options" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "required" BOOLEAN NOT NULL DEFAULT false,
    "scope" "QuestionScope" NOT NULL DEFAULT 'order',
    "ticketTypeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckoutQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_offerCode_key" ON "WaitlistEntry"("offerCode");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_leaveToken_key" ON "WaitlistEntry"("leaveToken");

-- CreateIndex
CREATE INDEX "WaitlistEntry_ticketTypeId_status_seq_idx" ON "WaitlistEntry"("ticketTypeId", "status", "seq");

-- CreateIndex
CREATE INDEX "WaitlistEntry_status_offerExpiresAt_idx" ON "WaitlistEntry"("status", "offerExpiresAt");

-- CreateIndex
CREATE INDEX "WaitlistEntry_eventId_idx" ON "WaitlistEntry"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_ticketTypeId_email_key" ON "WaitlistEntry"("ticketTypeId", "email");

-- CreateIndex
CREATE INDEX "CheckoutQuestion_eventId_sortOrder_idx" ON "CheckoutQuestion"("eventId", "sortOrder");

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_ticketTypeId_fkey" FOREIGN KEY ("ticketTypeId") REFERENCES "TicketType"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutQuestion" ADD CONSTRAINT "CheckoutQuestion_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
