-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "invoiceSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "BoothInvoice" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BoothInvoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BoothInvoice_orderId_key" ON "BoothInvoice"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "BoothInvoice_eventId_number_key" ON "BoothInvoice"("eventId", "number");

-- AddForeignKey
ALTER TABLE "BoothInvoice" ADD CONSTRAINT "BoothInvoice_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoothInvoice" ADD CONSTRAINT "BoothInvoice_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
