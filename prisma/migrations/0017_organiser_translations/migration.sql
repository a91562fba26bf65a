-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "translations" JSONB;

-- AlterTable
ALTER TABLE "TicketType" ADD COLUMN     "translations" JSONB;

-- AlterTable
ALTER TABLE "Booth" ADD COLUMN     "description" TEXT,
ADD COLUMN     "translations" JSONB;

-- AlterTable
ALTER TABLE "CheckoutQuestion" ADD COLUMN     "translations" JSONB;
