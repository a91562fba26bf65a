import { encode } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { beforeAll, describe, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { authenticate, LOCK_MINUTES, MAX_FAILED_SIGN_INS } from "./credentials";
import { requireRole } from "./guards";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { CHECKIN_ROLES } from "./roles";
import { authSecret } from "./secret";
import { sessionFromRequest } from "./session";

const PASSWORD = "correct horse battery";

describeEachDatabase("staff sign-in", (database) => {
  const db = () => database().prisma;
  let hash: string;
  let n = 0;
  const user = async (role: "admin" | "staff" | "exhibitor" = "staff") =>
    db().user.create({
      data: { email: `user${++n}-${role}@example.com`, name: `User ${n}`, role, passwordHash: hash },
    });
  beforeAll(async () => {
    hash = await hashPassword(PASSWORD);
    useDatabase(database());
  });

  describe("authenticate", () => {
    it("signs in admin and staff by e-mail (any case) and password, and records the time", async () => {
      const now = new Date("2030-01-01T10:00:00Z");
      for (const role of ["admin", "staff"] as const) {
        const u = await user(role);
        expect(await authenticate(db(), { email: `  ${u.email.toUpperCase()} `, password: PASSWORD }, now)).toEqual({
          ok: true,
          user: { id: u.id, email: u.email, name: u.name, role },
        });
        expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).lastLoginAt).toEqual(now);
      }
    });

    it("refuses a wrong password, an exhibitor, a user without a password and malformed input alike", async () => {
      const staff = await user();
      const exhibitor = await user("exhibitor");
      const noPassword = await db().user.create({ data: { email: "nopass@example.com", role: "staff" } });
      for (const creds of [
        { email: staff.email, password: "wrong" },
        { email: exhibitor.email, password: PASSWORD },
        { email: noPassword.email, password: PASSWORD },
        { email: "not-an-email", password: PASSWORD },
        { email: staff.email },
        null,
      ]) {
        expect(await authenticate(db(), creds)).toEqual({ ok: false, reason: "invalid" });
      }
    });

    it(`locks a client out of an account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} failures, even for the right password`, async () => {
      const u = await user();
      const t0 = new Date("2030-02-01T10:00:00Z");
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        expect(await authenticate(db(), { email: u.email, password: `guess-${i}` }, t0)).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      expect(await authenticate(db(), { email: u.email, password: PASSWORD }, new Date(t0.getTime() + 60_000))).toEqual(
        { ok: false, reason: "locked" },
      );
      expect(
        await authenticate(
          db(),
          { email: u.email, password: PASSWORD },
          new Date(t0.getTime() + LOCK_MINUTES * 60_000 - 1000),
        ),
      ).toEqual({ ok: false, reason: "locked" });
      expect(
        await authenticate(
          db(),
          { email: u.email, password: PASSWORD },
          new Date(t0.getTime() + LOCK_MINUTES * 60_000 + 1000),
        ),
      ).toMatchObject({ ok: true });
    });

    it("a success clears the failures; simultaneous wrong guesses all count", async () => {
      const u = await user();
      for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await authenticate(db(), { email: u.email, password: "nope" });
      expect(await authenticate(db(), { email: u.email, password: PASSWORD })).toMatchObject({ ok: true });
      // Counting starts again: four more failures still leave the right password working.
      for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await authenticate(db(), { email: u.email, password: "nope" });
      expect(await authenticate(db(), { email: u.email, password: PASSWORD })).toMatchObject({ ok: true });

      const v = await user();
      await Promise.all(
        Array.from({ length: MAX_FAILED_SIGN_INS }, () => authenticate(db(), { email: v.email, password: "nope" })),
      );
      expect(await authenticate(db(), { email: v.email, password: PASSWORD })).toEqual({ ok: false, reason: "locked" });
    });

    it("an unknown e-mail answers and locks like a real account, and still costs a password hash", async () => {
      const t0 = new Date("2030-03-01T10:00:00Z");
      const email = "nobody-here@example.com";
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        expect(await authenticate(db(), { email, password: `guess-${i}` }, t0)).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      expect(await authenticate(db(), { email, password: "guess" }, t0)).toEqual({ ok: false, reason: "locked" });

      const u = await user();
      const time = async (email: string) => {
        const start = performance.now();
        await authenticate(db(), { email, password: "wrong" });
        return performance.now() - start;
      };
      await time("warm-up@example.com");
      const known = await time(u.email);
      const unknown = await time("someone-else@example.com");
      // scrypt dominates both; a skipped hash would make the unknown e-mail several times faster.
      expect(unknown).toBeGreaterThan(known * 0.3);
    });
  });

  describe("next-auth options", () => {
    const options = () => authOptions({ PAYMENTS_MODE: "simulator" });
    const authorize = (creds: Record<string, string>) =>
      (options().providers[0] as CredentialsConfig).options.authorize!(creds as never, {} as never);

    it("authorizes through the credentials provider and puts id and role in the token and session", async () => {
      const u = await user("admin");
      const signedIn = await authorize({ email: u.email, password: PASSWORD });
      expect(signedIn).toMatchObject({ id: u.id, role: "admin" });
      expect(await authorize({ email: u.email, password: "wrong" })).toBeNull();

      const token = await options().callbacks!.jwt!({ token: { sub: u.id }, user: signedIn!, account: null } as never);
      expect(token).toMatchObject({ id: u.id, role: "admin" });
      const session = await options().callbacks!.session!({
        session: { user: { email: u.email }, expires: "" },
        token,
      } as never);
      expect(session.user).toMatchObject({ id: u.id, role: "admin", email: u.email });
    });

    it("reports a locked account to the sign-in page as 'locked'", async () => {
      const u = await user();
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await authorize({ email: u.email, password: "wrong" });
      await expect(authorize({ email: u.email, password: PASSWORD })).rejects.toThrow("locked");
    });

    it("uses JWT sessions, the /signin page and the configured secret", () => {
      const o = authOptions({
        PAYMENTS_MODE: "live",
        AUTH_SECRET: "z".repeat(40),
        APP_URL: "https://tickets.example.com",
      });
      expect(o).toMatchObject({
        secret: "z".repeat(40),
        session: { strategy: "jwt" },
        pages: { signIn: "/signin" },
        useSecureCookies: true,
      });
      expect(() => authOptions({ PAYMENTS_MODE: "live" })).toThrow(/AUTH_SECRET/);
    });
  });

  describe("requireRole", () => {
    const cookieFor = async (claim: Record<string, unknown>, secret = authSecret({})) =>
      `other=1; next-auth.session-token=${await encode({ token: claim, secret })}`;
    const request = (cookie?: string) => new Request("http://test/api/x", { headers: cookie ? { cookie } : {} });

    it("reads the session cookie of a plain Request", async () => {
      const u = await user();
      expect(await sessionFromRequest(request(await cookieFor({ sub: u.id, id: u.id, role: "staff" })))).toEqual({
        id: u.id,
        role: "staff",
      });
      expect(await sessionFromRequest(request())).toBeNull();
      expect(await sessionFromRequest(request("next-auth.session-token=forged"))).toBeNull();
      expect(
        await sessionFromRequest(
          request(await cookieFor({ id: u.id, role: "staff" }, "another-secret-entirely-0123456789")),
        ),
      ).toBeNull();
    });

    it("401 without a session or for a deleted user, 403 for the wrong role, the user otherwise", async () => {
      const staff = await user();
      const exhibitor = await user("exhibitor");
      const status = (p: Promise<unknown>) =>
        p.then(
          () => 200,
          (e) => e.status,
        );
      expect(await status(requireRole(request(), CHECKIN_ROLES, db()))).toBe(401);
      expect(await status(requireRole(null, CHECKIN_ROLES, db()))).toBe(401);
      expect(await status(requireRole({ id: "gone", role: "admin" }, CHECKIN_ROLES, db()))).toBe(401);
      expect(
        await status(
          requireRole(request(await cookieFor({ id: exhibitor.id, role: "exhibitor" })), CHECKIN_ROLES, db()),
        ),
      ).toBe(403);
      expect(
        await requireRole(request(await cookieFor({ id: staff.id, role: "staff" })), CHECKIN_ROLES, db()),
      ).toMatchObject({ id: staff.id, role: "staff" });
      // The database decides, not the cookie: a cookie claiming admin for a staff member does not make them admin.
      expect(
        await status(
          requireRole({ user: { id: staff.id, role: "admin", email: staff.email }, expires: "" }, ["admin"], db()),
        ),
      ).toBe(403);
      // A new role ends the sessions minted under the old one (pentest 12.7): signed out, not just refused.
      await db().user.update({ where: { id: staff.id }, data: { role: "exhibitor" } });
      expect(
        await status(requireRole(request(await cookieFor({ id: staff.id, role: "staff" })), CHECKIN_ROLES, db())),
      ).toBe(401);
    });
  });
});
