-- A statement that refuses: `SELECT lango_refuse('reason') WHERE <rule broken>` aborts its transaction with
-- SQLSTATE LG001 and the reason as the message. Lets the app send a transaction's checks, writes and commit
-- in one message (lib/db/sql.ts, Sql.defer) when it needs no answer from a check unless the check refuses.
CREATE FUNCTION lango_refuse(reason text) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'LG001', MESSAGE = reason;
END
$$;
