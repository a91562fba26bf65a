import { randomUUID } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { requireRole } from "./guards";
import { hashPassword } from "./password";
import type { Role } from "./roles";
import { authSecret } from "./secret";
import { forgetExpiredEndedSessions } from "./session-version";
import { APP, auth, cookieHeader, signInWithPassword, signOut } from "./testing";

const PASSWORD = "correct horse battery";
const SESSION_COOKIE = "next-auth.session-token";

describeEachDatabase(
  "pentest 12.7: signing out ends that session; a new password, role or e-mail, or removal ends them all",
  (database) => {
    const db = () => database().prisma;
    let hash: string;
    let n = 0;
    const user = async (role: Role) =>
      db().user.create({
        data: { email: `session${++n}-${role}@example.com`, role, passwordHash: role === "exhibitor" ? null : hash },
      });
    beforeAll(async () => {
      hash = await hashPassword(PASSWORD);
      useDatabase(database());
    });

    /** A session cookie as the app mints it at sign-in: encrypted with the app's secret, carrying the account's version and a new session id. */
    const mint = async (u: { id: string; role: Role }) => {
      const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: u.id } });
      return {
        [SESSION_COOKIE]: await encode({
          token: { sub: u.id, id: u.id, role: u.role, sessionVersion, sessionId: randomUUID() },
          secret: authSecret({}),
        }),
      };
    };
    /** A session cookie minted before sessions had ids (and, older still, versions). */
    const mintLegacy = async (u: { id: string; role: Role }, sessionVersion?: number) => ({
      [SESSION_COOKIE]: await encode({
        token: { sub: u.id, id: u.id, role: u.role, sessionVersion },
        secret: authSecret({}),
      }),
    });
    const claimsOf = async (cookies: Record<string, string>) =>
      (await decode({ token: cookies[SESSION_COOKIE], secret: authSecret({}) }))!;
    /** What the real guard of an API route, page or server action answers for a request carrying these cookies. */
    const guard = (cookies: Record<string, string>, roles: readonly Role[] = ["admin", "staff", "exhibitor"]) =>
      requireRole(new Request(`${APP}/api/checkin`, { headers: { cookie: cookieHeader(cookies) } }), roles, db()).then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    /** Who next-auth's own session endpoint (the same path getServerSession takes) says is signed in. */
    const sessionUser = async (cookies: Record<string, string>) => (await auth("session", { cookies })).json?.user?.id;

    it("pentest 12.7: signing out ends that session only: a copied cookie of it is refused, another device's session of the same account stays signed in", async () => {
      const admin = await user("admin");
      const laptop = await signInWithPassword(admin.email, PASSWORD);
      const copied = { ...laptop };
      const phone = await signInWithPassword(admin.email, PASSWORD);
      expect(await guard(copied, ["admin"])).toBe(200);
      expect(await guard(phone, ["admin"])).toBe(200);
      expect(await sessionUser(copied)).toBe(admin.id);

      expect((await signOut(laptop))[SESSION_COOKIE]).toBe("");

      expect(await guard(copied, ["admin"])).toBe(401);
      const afterwards = await auth("session", { cookies: copied });
      expect(afterwards.json?.user).toBeUndefined();
      expect(afterwards.cookies[SESSION_COOKIE]).toBe("");
      // The phone was not signed out: the same account, another session.
      expect(await guard(phone, ["admin"])).toBe(200);
      expect(await sessionUser(phone)).toBe(admin.id);
      // Signing in again is a new session that works.
      expect(await guard(await signInWithPassword(admin.email, PASSWORD), ["admin"])).toBe(200);
    });

    it("a copy re-issued before the sign-out (every read of the session re-issues the cookie) is refused too", async () => {
      const staff = await user("staff");
      const session = await signInWithPassword(staff.email, PASSWORD);
      const reissued = (await auth("session", { cookies: session })).cookies;
      expect(reissued[SESSION_COOKIE]).toBeTruthy();
      expect(reissued[SESSION_COOKIE]).not.toBe(session[SESSION_COOKIE]);
      expect(await guard(reissued)).toBe(200);

      await signOut(session);

      expect(await guard(reissued)).toBe(401);
      expect(await sessionUser(reissued)).toBeUndefined();
    });

    it("an ended session cannot be used to sign the user out of their new one", async () => {
      const staff = await user("staff");
      const old = await mint(staff);
      await signOut({ ...old });
      const current = await signInWithPassword(staff.email, PASSWORD);
      await signOut(old);
      expect(await guard(current)).toBe(200);
    });

    it("a new password, a new role, a new e-mail or removing the account ends all of its sessions minted before", async () => {
      const changes: [string, (id: string) => Promise<unknown>][] = [
        [
          "password",
          async (id) =>
            db().user.update({ where: { id }, data: { passwordHash: await hashPassword("a brand new passphrase") } }),
        ],
        ["role", (id) => db().user.update({ where: { id }, data: { role: "admin" } })],
        ["e-mail", (id) => db().user.update({ where: { id }, data: { email: `renamed-${id}@example.com` } })],
        ["removal", (id) => db().user.delete({ where: { id } })],
      ];
      for (const [what, change] of changes) {
        const staff = await user("staff");
        const devices = [
          await mint(staff),
          await signInWithPassword(staff.email, PASSWORD),
          await mintLegacy(staff, 0),
        ];
        for (const before of devices) expect(await guard(before), what).toBe(200);
        await change(staff.id);
        for (const before of devices) {
          expect(await guard(before), what).toBe(401);
          expect(await sessionUser(before), what).toBeUndefined();
        }
      }
      // Anything else about the account (here the last sign-in time) leaves its sessions alone.
      const staff = await user("staff");
      const session = await mint(staff);
      await db().user.update({ where: { id: staff.id }, data: { lastLoginAt: new Date(), name: "Renamed" } });
      expect(await guard(session)).toBe(200);
    });

    it("an exhibitor's e-mailed-link session follows the same rule", async () => {
      const exhibitor = await user("exhibitor");
      const session = await mint(exhibitor);
      const copied = { ...session };
      expect(await guard(copied, ["exhibitor", "admin"])).toBe(200);
      await signOut(session);
      expect(await guard(copied, ["exhibitor", "admin"])).toBe(401);
      expect(await sessionUser(copied)).toBeUndefined();
    });

    it("a session minted before session versions existed counts as the first version, and ends like any other", async () => {
      const staff = await user("staff");
      const legacy = await mintLegacy(staff);
      expect(await guard(legacy)).toBe(200);
      await signOut({ ...legacy });
      expect(await guard(legacy)).toBe(401);
    });

    it("a session without a session id (minted before them) cannot be named, so signing out of it ends all of the account's sessions", async () => {
      const staff = await user("staff");
      const legacy = await mintLegacy(staff, 0);
      const copied = { ...legacy };
      const other = await signInWithPassword(staff.email, PASSWORD);
      expect(await guard(copied)).toBe(200);
      expect(await guard(other)).toBe(200);

      await signOut(legacy);

      expect(await guard(copied)).toBe(401);
      expect(await guard(other)).toBe(401);
      // And its ended copy cannot sign the user out of the session they start next.
      const next = await signInWithPassword(staff.email, PASSWORD);
      await signOut(copied);
      expect(await guard(next)).toBe(200);
    });

    it("a recorded sign-out outlives every copy of the cookie, and the sweep drops it once past that", async () => {
      const staff = await user("staff");
      const session = await signInWithPassword(staff.email, PASSWORD);
      const reissued = (await auth("session", { cookies: session })).cookies;
      const { sessionId } = await claimsOf(session);
      const signedOutAt = Date.now();
      await signOut(session);

      const ended = await db().endedSession.findUniqueOrThrow({ where: { id: sessionId } });
      expect(ended.userId).toBe(staff.id);
      // No copy can be valid after the record is gone: the latest expiry any copy can have is before it.
      for (const copy of [session, reissued])
        expect(Number((await claimsOf(copy)).exp) * 1000).toBeLessThan(ended.expiresAt.getTime());
      expect(ended.expiresAt.getTime()).toBeLessThan(signedOutAt + 13 * 60 * 60 * 1000);

      const other = await db().endedSession.create({
        data: { id: randomUUID(), userId: staff.id, expiresAt: new Date(ended.expiresAt.getTime() + 1000) },
      });
      expect(await forgetExpiredEndedSessions(db(), new Date())).toBe(0);
      await forgetExpiredEndedSessions(db(), new Date(ended.expiresAt.getTime() + 1));
      expect(await db().endedSession.findUnique({ where: { id: sessionId } })).toBeNull();
      expect(await db().endedSession.findUnique({ where: { id: other.id } })).not.toBeNull();
    });
  },
);
