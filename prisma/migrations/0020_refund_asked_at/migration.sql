-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "askedAt" TIMESTAMP(3);
