-- AlterTable
ALTER TABLE "User" DROP COLUMN "failedLogins",
DROP COLUMN "lockedUntil",
ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- Sign-in failures are counted per (account, client) in "RateLimit" now, not on the account.

-- A new password, role or e-mail ends every session of the account, whichever code (or person with
-- psql) makes the change: the application compares "sessionVersion" with the one in the session.
CREATE FUNCTION "lango_end_sessions_on_credential_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash"
     OR NEW."role" IS DISTINCT FROM OLD."role"
     OR NEW."email" IS DISTINCT FROM OLD."email" THEN
    NEW."sessionVersion" := GREATEST(NEW."sessionVersion", OLD."sessionVersion" + 1);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "User_end_sessions_on_credential_change"
  BEFORE UPDATE OF "passwordHash", "role", "email" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "lango_end_sessions_on_credential_change"();
