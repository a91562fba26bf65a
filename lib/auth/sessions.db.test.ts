import { encode } from "next-auth/jwt";
import { beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { requireRole } from "./guards";
import { hashPassword } from "./password";
import type { Role } from "./roles";
import { authSecret } from "./secret";
import { APP, auth, cookieHeader, signInWithPassword, signOut } from "./testing";

const PASSWORD = "correct horse battery";
const SESSION_COOKIE = "next-auth.session-token";

describeEachDatabase("pentest 12.7: signing out, a new password or role, or removal ends the session", (database) => {
  const db = () => database().prisma;
  let hash: string;
  let n = 0;
  const user = async (role: Role) => db().user.create({ data: { email: `session${++n}-${role}@example.com`, role, passwordHash: role === "exhibitor" ? null : hash } });
  beforeAll(async () => {
    hash = await hashPassword(PASSWORD);
    useDatabase(database());
  });

  /** A session cookie as the app mints it at sign-in: encrypted with the app's secret, carrying the account's version. */
  const mint = async (u: { id: string; role: Role }) => {
    const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: u.id } });
    return { [SESSION_COOKIE]: await encode({ token: { sub: u.id, id: u.id, role: u.role, sessionVersion }, secret: authSecret({}) }) };
  };
  /** What the real guard of an API route, page or server action answers for a request carrying these cookies. */
  const guard = (cookies: Record<string, string>, roles: readonly Role[] = ["admin", "staff", "exhibitor"]) =>
    requireRole(new Request(`${APP}/api/checkin`, { headers: { cookie: cookieHeader(cookies) } }), roles, db()).then(
      () => 200,
      (e: { status: number }) => e.status,
    );
  /** Who next-auth's own session endpoint (the same path getServerSession takes) says is signed in. */
  const sessionUser = async (cookies: Record<string, string>) => (await auth("session", { cookies })).json?.user?.id;

  it("a copy of the cookie taken before sign-out opens nothing afterwards, and neither does the user's other device", async () => {
    const admin = await user("admin");
    const laptop = await mint(admin);
    const copied = { ...laptop };
    const phone = await signInWithPassword(admin.email, PASSWORD);
    expect(await guard(copied, ["admin"])).toBe(200);
    expect(await guard(phone, ["admin"])).toBe(200);
    expect(await sessionUser(copied)).toBe(admin.id);

    expect((await signOut(laptop))[SESSION_COOKIE]).toBe("");

    expect(await guard(copied, ["admin"])).toBe(401);
    expect(await guard(phone, ["admin"])).toBe(401);
    const afterwards = await auth("session", { cookies: copied });
    expect(afterwards.json?.user).toBeUndefined();
    expect(afterwards.cookies[SESSION_COOKIE]).toBe("");
    // Signing in again is a new session that works.
    expect(await guard(await signInWithPassword(admin.email, PASSWORD), ["admin"])).toBe(200);
  });

  it("an ended session cannot be used to sign the user out of their new one", async () => {
    const staff = await user("staff");
    const old = await mint(staff);
    await signOut({ ...old });
    const current = await signInWithPassword(staff.email, PASSWORD);
    await signOut(old);
    expect(await guard(current)).toBe(200);
  });

  it("a new password, a new role, a new e-mail or removing the account ends the sessions minted before", async () => {
    const changes: [string, (id: string) => Promise<unknown>][] = [
      ["password", async (id) => db().user.update({ where: { id }, data: { passwordHash: await hashPassword("a brand new passphrase") } })],
      ["role", (id) => db().user.update({ where: { id }, data: { role: "admin" } })],
      ["e-mail", (id) => db().user.update({ where: { id }, data: { email: `renamed-${id}@example.com` } })],
      ["removal", (id) => db().user.delete({ where: { id } })],
    ];
    for (const [what, change] of changes) {
      const staff = await user("staff");
      const before = await mint(staff);
      expect(await guard(before), what).toBe(200);
      await change(staff.id);
      expect(await guard(before), what).toBe(401);
      expect(await sessionUser(before), what).toBeUndefined();
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
    const legacy = { [SESSION_COOKIE]: await encode({ token: { sub: staff.id, id: staff.id, role: "staff" }, secret: authSecret({}) }) };
    expect(await guard(legacy)).toBe(200);
    await signOut({ ...legacy });
    expect(await guard(legacy)).toBe(401);
  });
});
