import "server-only";
import type { Adapter, AdapterUser, VerificationToken } from "next-auth/adapters";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";

type UserRow = {
  id: string;
  email: string;
  name: string | null;
  role: AdapterUser["role"];
  emailVerified: Date | null;
};
const userFields = { id: true, email: true, name: true, role: true, emailVerified: true } as const;
const toAdapterUser = (u: UserRow): AdapterUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  emailVerified: u.emailVerified,
});

/**
 * The part of a next-auth adapter that e-mail sign-in needs, over Lango's own tables. Sessions stay
 * JWTs, so there are no Account or Session tables. next-auth hashes the token (SHA-256 with the
 * secret) before it reaches here: the table holds only hashes, and a leaked row signs no one in.
 */
export function langoAdapter(db: () => Promise<Db>): Adapter {
  return {
    async createVerificationToken(token: VerificationToken) {
      const d = await db();
      // Spent links are deleted on use; this sweeps the ones that were never clicked.
      await d.verificationToken.deleteMany({ where: { expires: { lt: new Date() } } });
      await d.verificationToken.create({ data: token });
      return token;
    },

    /**
     * Single use: the row is deleted in the same statement that reads it, so two clicks on one link
     * (or a mail scanner and the person) cannot both sign in. An expired link answers like a used one.
     */
    async useVerificationToken({ identifier, token }) {
      const rows = await (
        await db()
      ).$queryRaw<VerificationToken[]>`
        DELETE FROM "VerificationToken" WHERE "identifier" = ${identifier} AND "token" = ${token}
        RETURNING "identifier", "token", "expires"`;
      const row = rows[0];
      return row && row.expires.getTime() > Date.now() ? row : null;
    },

    async getUser(id) {
      const u = await (await db()).user.findUnique({ where: { id }, select: userFields });
      return u && toAdapterUser(u);
    },

    async getUserByEmail(email) {
      const u = await (await db()).user.findUnique({ where: { email: email.toLowerCase() }, select: userFields });
      return u && toAdapterUser(u);
    },

    /** Only exhibitors are ever created here (the signIn callback lets no one else through). */
    async createUser(user: Omit<AdapterUser, "id">) {
      const d = await db();
      const email = user.email.toLowerCase();
      const [exhibitor] = await d.$queryRaw<{ contactName: string }[]>`
        SELECT "contactName" FROM "Exhibitor" WHERE lower("email") = ${email} ORDER BY "createdAt" DESC LIMIT 1`;
      try {
        const created = await d.user.create({
          data: { email, role: "exhibitor", name: exhibitor?.contactName ?? null, emailVerified: user.emailVerified },
          select: userFields,
        });
        return toAdapterUser(created);
      } catch (err) {
        // Two links opened at once: the other click created the account a moment ago.
        if (!isUniqueViolation(err)) throw err;
        return toAdapterUser(await d.user.findUniqueOrThrow({ where: { email }, select: userFields }));
      }
    },

    async updateUser({ id, emailVerified }) {
      const u = await (
        await db()
      ).user.update({
        where: { id },
        data: emailVerified === undefined ? {} : { emailVerified },
        select: userFields,
      });
      return toAdapterUser(u);
    },
  };
}
