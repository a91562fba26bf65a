-- CreateEnum
CREATE TYPE "Settlement" AS ENUM ('paid', 'paid_late', 'no_capacity', 'already_paid', 'order_cancelled');

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "settlement" "Settlement";

-- Move what payments recorded as metadata.settlement into the column, and drop the key (other metadata,
-- such as cash's "cash" and paybill's details, stays). A metadata left empty becomes NULL.
UPDATE "Payment"
SET "settlement" = ("metadata"->>'settlement')::"Settlement"
WHERE "metadata" ? 'settlement'
  AND "metadata"->>'settlement' IN ('paid', 'paid_late', 'no_capacity', 'already_paid', 'order_cancelled');

UPDATE "Payment"
SET "metadata" = CASE WHEN ("metadata" - 'settlement') = '{}'::jsonb THEN NULL ELSE "metadata" - 'settlement' END
WHERE "metadata" ? 'settlement';
