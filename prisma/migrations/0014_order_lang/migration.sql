-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "lang" TEXT NOT NULL DEFAULT 'en';
