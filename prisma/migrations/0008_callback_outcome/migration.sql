-- CreateEnum
CREATE TYPE "CallbackOutcome" AS ENUM ('received', 'accepted', 'applied', 'no_change', 'awaiting', 'not_applied', 'unconfirmed', 'duplicate', 'ignored', 'refused', 'rejected', 'unmatched', 'refund_succeeded', 'refund_failed', 'error');

-- The outcome was one string, "<keyword>: <explanation>" ("applied: payment succeeded, order paid",
-- "refused C2B00012: …", "refund failed"). The keyword becomes the enum and the explanation the detail.
ALTER TABLE "CallbackLog" ADD COLUMN "detail" TEXT;

UPDATE "CallbackLog"
SET "detail" = CASE
  WHEN "outcome" IN ('received', 'refund succeeded', 'refund failed') THEN NULL
  WHEN "outcome" ~ '^awaiting ' THEN substring("outcome" FROM '^awaiting (.*)$')
  WHEN "outcome" ~ '^refused C2B' THEN substring("outcome" FROM '^refused (.*)$')
  WHEN "outcome" ~ '^(accepted|applied|no change|not applied|not confirmed|unconfirmed|duplicate|ignored|refused|rejected|unmatched|error): '
    THEN NULLIF(substring("outcome" FROM '^[a-z ]+: (.*)$'), '')
  ELSE "outcome"
END;

ALTER TABLE "CallbackLog" ALTER COLUMN "outcome" TYPE "CallbackOutcome" USING (CASE
  WHEN "outcome" = 'received' THEN 'received'
  WHEN "outcome" = 'refund succeeded' THEN 'refund_succeeded'
  WHEN "outcome" = 'refund failed' THEN 'refund_failed'
  WHEN "outcome" ~ '^awaiting ' THEN 'awaiting'
  WHEN "outcome" ~ '^accepted: ' THEN 'accepted'
  WHEN "outcome" ~ '^applied: ' THEN 'applied'
  WHEN "outcome" ~ '^no change: ' THEN 'no_change'
  WHEN "outcome" ~ '^not applied: ' THEN 'not_applied'
  WHEN "outcome" ~ '^(not confirmed|unconfirmed): ' THEN 'unconfirmed'
  WHEN "outcome" ~ '^duplicate: ' THEN 'duplicate'
  WHEN "outcome" ~ '^ignored: ' THEN 'ignored'
  WHEN "outcome" ~ '^refused[: ]' THEN 'refused'
  WHEN "outcome" ~ '^rejected: ' THEN 'rejected'
  WHEN "outcome" ~ '^unmatched: ' THEN 'unmatched'
  -- "error: …" and anything unforeseen: the whole text is kept in the detail.
  ELSE 'error'
END)::"CallbackOutcome";
