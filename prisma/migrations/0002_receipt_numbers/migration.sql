-- Receipt numbers are sequential, as accountants expect; the sequence never hands out one twice.
CREATE SEQUENCE IF NOT EXISTS "receipt_number_seq" START 1001;
