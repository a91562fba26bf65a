-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "deskHours" TEXT,
ADD COLUMN     "deskLocation" TEXT,
ADD COLUMN     "organiserAddress" TEXT,
ADD COLUMN     "organiserName" TEXT,
ADD COLUMN     "organiserTaxId" TEXT;
