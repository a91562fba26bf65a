import { getServerSession } from "next-auth";
import { beforeAll, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword, signOut } from "@/lib/auth/testing";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { addUser, deleteUser, unlockUserAction } from "./actions";

/**
 * A server action reads its caller's session from the Next request it runs in. Outside Next there is no
 * request, so this one piece is replaced: the session comes from next-auth's own getServerSession on
 * the cookies of the browser the test is playing. Guards, rules and database are the real ones.
 */
const browser = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const { authOptions } = await import("@/lib/auth/options");
  const noResponse = { getHeader() {}, setCookie() {}, setHeader() {} };
  return {
    ...(await importOriginal<typeof import("@/lib/auth/session")>()),
    currentSession: () =>
      getServerSession({ headers: {}, cookies: { ...browser.cookies } } as never, noResponse as never, authOptions()),
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const PASSWORD = "correct horse battery";
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describeEachDatabase("pentest 12.12: deleteUser refusals answer with a message, never a 500", (database) => {
  const db = () => database().prisma;
  let hash: string;
  let n = 0;
  const user = async (role: "admin" | "staff") =>
    db().user.create({ data: { email: `users${++n}-${role}@example.com`, role, passwordHash: hash } });
  const as = async (u: { email: string } | null) => {
    browser.cookies = u ? await signInWithPassword(u.email, PASSWORD) : {};
    return browser.cookies;
  };
  beforeAll(async () => {
    hash = await hashPassword(PASSWORD);
    useDatabase(database());
  });

  it("each refusal comes back as a readable message and changes nothing", async () => {
    const [admin, staff] = [await user("admin"), await user("staff")];
    const refusals: [string, { email: string } | null, unknown, string][] = [
      ["signed out", null, form({ userId: staff.id }), "Sign in to continue."],
      ["gate staff", staff, form({ userId: admin.id }), "Your account is not allowed to do this."],
      ["removing oneself", admin, form({ userId: admin.id }), "You cannot remove your own account."],
      ["an unknown id", admin, form({ userId: "no-such-user" }), "No such user."],
      ["no id at all", admin, form({}), "Invalid user: userId: Choose a user."],
      ["not a form (posted by hand)", admin, "userId=x", "Invalid user: userId: Choose a user."],
    ];
    for (const [what, caller, posted, message] of refusals) {
      await as(caller);
      expect(await deleteUser(null, posted as FormData), what).toMatchObject({ ok: false, message });
    }
    expect(await db().user.count({ where: { id: { in: [admin.id, staff.id] } } })).toBe(2);
  });

  it("an admin whose session was ended (signed out elsewhere) is refused like a signed-out one", async () => {
    const [admin, staff] = [await user("admin"), await user("staff")];
    const copied = { ...(await as(admin)) };
    await signOut(copied);
    browser.cookies = copied;
    expect(await deleteUser(null, form({ userId: staff.id }))).toMatchObject({
      ok: false,
      message: "Sign in to continue.",
    });
    expect(await db().user.findUnique({ where: { id: staff.id } })).not.toBeNull();
  });

  it("two admins removing each other at once: one succeeds, the other is told why, and an admin is left", async () => {
    const [a, b] = [await user("admin"), await user("admin")];
    const cookiesA = await as(a);
    const cookiesB = await as(b);
    browser.cookies = cookiesA;
    const aRemovesB = deleteUser(null, form({ userId: b.id }));
    browser.cookies = cookiesB;
    const bRemovesA = deleteUser(null, form({ userId: a.id }));
    const answers = await Promise.all([aRemovesB, bRemovesA]);
    expect(answers.filter((s) => s?.ok)).toHaveLength(1);
    expect(answers.find((s) => !s?.ok)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Sign in to continue\.|Only admins manage users\./),
    });
    expect(await db().user.count({ where: { id: { in: [a.id, b.id] } } })).toBe(1);
  });

  it("the admin's removal works and ends the removed user's sessions; the other user actions refuse the same way", async () => {
    const [admin, staff] = [await user("admin"), await user("staff")];
    const staffBrowser = await as(staff);
    expect(await unlockUserAction(null, form({ userId: admin.id }))).toMatchObject({
      ok: false,
      message: "Your account is not allowed to do this.",
    });
    expect(
      await addUser(
        null,
        form({ email: "new@example.com", name: "New", role: "admin", password: "long enough password" }),
      ),
    ).toMatchObject({ ok: false, message: "Your account is not allowed to do this." });
    await as(admin);
    expect(await unlockUserAction(null, form({ userId: "no-such-user" }))).toMatchObject({
      ok: false,
      message: "No such user.",
    });
    expect(await deleteUser(null, form({ userId: staff.id }))).toEqual({
      ok: true,
      message: "User removed; their sessions have ended.",
    });
    browser.cookies = staffBrowser;
    expect(await unlockUserAction(null, form({ userId: admin.id }))).toMatchObject({
      ok: false,
      message: "Sign in to continue.",
    });
  });
});
