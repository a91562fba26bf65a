import { beforeAll, beforeEach, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { authenticate, LOCK_MINUTES, MAX_FAILED_SIGN_INS } from "./credentials";
import type { AuthorizedUser } from "./guards";
import { hashPassword } from "./password";
import { sessionFromRequest } from "./session";
import { APP, cookieHeader, signInWithPassword } from "./testing";
import { listUsers, unlockUser } from "./users";

const PASSWORD = "correct horse battery";
const ATTACKER = "198.51.100.7";
const GATE = "203.0.113.20";

describeEachDatabase(
  "pentest 12.11: wrong passwords lock one client out of one account, not the account",
  (database) => {
    const db = () => database().prisma;
    let hash: string;
    let n = 0;
    const user = async (role: "admin" | "staff" = "staff") =>
      db().user.create({
        data: { email: `gate${++n}-${role}@example.com`, name: `User ${n}`, role, passwordHash: hash },
      });
    const actor = (u: AuthorizedUser): AuthorizedUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });
    const attack = async (email: string, ip: string | undefined, times = MAX_FAILED_SIGN_INS + 3) => {
      const answers = [];
      for (let i = 0; i < times; i++)
        answers.push((await authenticate(db(), { email, password: `guess-${i}` }, new Date(), ip)).ok);
      return answers;
    };
    /** Who the real sign-in route (next-auth's credentials callback) signs in from that address, if anyone. */
    const signedInAs = async (email: string, password: string, ip: string | undefined) =>
      (
        await sessionFromRequest(
          new Request(APP, { headers: { cookie: cookieHeader(await signInWithPassword(email, password, ip)) } }),
          { PAYMENTS_MODE: "simulator" },
        )
      )?.id;

    beforeAll(async () => {
      hash = await hashPassword(PASSWORD);
      useDatabase(database());
    });
    beforeEach(async () => {
      await db().rateLimit.deleteMany();
    });

    it("a stranger's wrong guesses lock only the stranger out; the gate staff still sign in from their own device", async () => {
      const staff = await user();
      expect(await attack(staff.email, ATTACKER)).not.toContain(true);
      // The stranger is locked out of this account, even with the right password...
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), ATTACKER)).toEqual({
        ok: false,
        reason: "locked",
      });
      expect(await signedInAs(staff.email, PASSWORD, ATTACKER)).toBeUndefined();
      // ...and the gate is not.
      expect(await signedInAs(staff.email, PASSWORD, GATE)).toBe(staff.id);
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), GATE)).toMatchObject({
        ok: true,
      });
    });

    it("the lock still protects the password: a locked client gets nowhere, and is let go after the window", async () => {
      const staff = await user();
      const t0 = new Date("2031-01-01T08:00:00Z");
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
        expect(await authenticate(db(), { email: staff.email, password: `guess-${i}` }, t0, ATTACKER)).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, t0, ATTACKER)).toEqual({
        ok: false,
        reason: "locked",
      });
      const later = new Date(t0.getTime() + LOCK_MINUTES * 60_000 + 1000);
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, later, ATTACKER)).toMatchObject({
        ok: true,
      });
    });

    it("an unknown e-mail answers exactly as a real account does, lock included", async () => {
      const staff = await user();
      const known = await Promise.all([
        attack(staff.email, ATTACKER),
        authenticate(db(), { email: staff.email, password: "x" }, new Date(), GATE),
      ]);
      const unknown = await Promise.all([
        attack("nobody@example.com", ATTACKER),
        authenticate(db(), { email: "nobody@example.com", password: "x" }, new Date(), GATE),
      ]);
      expect(unknown).toEqual(known);
    });

    it("an IPv6 client counts by its /64: rotating addresses inside it buys no more guesses", async () => {
      const staff = await user();
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
        await authenticate(db(), { email: staff.email, password: "nope" }, new Date(), `2001:db8:1:2::${i + 1}`);
      expect(
        await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), "2001:db8:1:2:ffff::9"),
      ).toEqual({ ok: false, reason: "locked" });
      expect(
        await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), "2001:db8:1:3::1"),
      ).toMatchObject({ ok: true });
    });

    it("without a known address (no TRUST_PROXY) every client is one: the account locks for all, and an admin unlocks it", async () => {
      const [admin, staff] = [await user("admin"), await user()];
      await attack(staff.email, undefined);
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD })).toEqual({
        ok: false,
        reason: "locked",
      });
      expect((await listUsers(db())).find((u) => u.id === staff.id)).toMatchObject({ locked: true });

      await unlockUser(db(), actor(admin), staff.id);
      expect((await listUsers(db())).find((u) => u.id === staff.id)).toMatchObject({ locked: false });
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD })).toMatchObject({ ok: true });
      expect(await db().auditLog.findFirst({ where: { action: "user.unlock", entityId: staff.id } })).toMatchObject({
        actorId: admin.id,
      });
    });

    it("an admin's unlock frees every locked client of the account; only admins may unlock", async () => {
      const [admin, staff, other] = [await user("admin"), await user(), await user()];
      await attack(staff.email, ATTACKER);
      await attack(staff.email, GATE);
      await expect(unlockUser(db(), actor(other), staff.id)).rejects.toMatchObject({ status: 403 });
      await expect(unlockUser(db(), actor(admin), "no-such-user")).rejects.toMatchObject({ status: 404 });
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), GATE)).toEqual({
        ok: false,
        reason: "locked",
      });
      await unlockUser(db(), actor(admin), staff.id);
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), GATE)).toMatchObject({
        ok: true,
      });
      expect(await authenticate(db(), { email: staff.email, password: PASSWORD }, new Date(), ATTACKER)).toMatchObject({
        ok: true,
      });
    });
  },
);
