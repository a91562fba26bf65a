-- AlterTable
ALTER TABLE "WaitlistEntry" ADD COLUMN     "lang" TEXT NOT NULL DEFAULT 'en';
