import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import type { AuthorizedUser } from "./guards";
import { authenticate } from "./credentials";
import { createUser, listUsers, removeUser } from "./users";

describeEachDatabase("user management", (database) => {
  const db = () => database().prisma;
  let admin: AuthorizedUser;
  beforeAll(async () => {
    const u = await db().user.create({ data: { email: "boss@example.com", role: "admin" } });
    admin = { id: u.id, email: u.email, name: null, role: "admin" };
  });

  it("an admin adds gate staff who can then sign in; duplicates and weak passwords are refused", async () => {
    const staff = await createUser(db(), admin, {
      email: "Gate1@Example.com",
      name: "Gate one",
      role: "staff",
      password: "correct horse battery",
    });
    expect(staff).toMatchObject({ email: "gate1@example.com", role: "staff" });
    expect(await authenticate(db(), { email: "gate1@example.com", password: "correct horse battery" })).toMatchObject({
      ok: true,
    });
    await expect(
      createUser(db(), admin, {
        email: "gate1@example.com",
        name: "Again",
        role: "staff",
        password: "correct horse battery",
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      createUser(db(), admin, { email: "gate2@example.com", name: "Two", role: "staff", password: "short" }),
    ).rejects.toMatchObject({ status: 400, fields: { password: expect.any(String) } });
    await expect(
      createUser(db(), admin, {
        email: "x@example.com",
        name: "X",
        role: "exhibitor",
        password: "correct horse battery",
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await listUsers(db())).map((u) => u.email)).toEqual(["boss@example.com", "gate1@example.com"]);
  });

  it("staff cannot manage users, and an admin cannot remove their own account", async () => {
    const staff = await db().user.findUniqueOrThrow({ where: { email: "gate1@example.com" } });
    const asStaff: AuthorizedUser = { id: staff.id, email: staff.email, name: staff.name, role: "staff" };
    await expect(
      createUser(db(), asStaff, {
        email: "y@example.com",
        name: "Y",
        role: "admin",
        password: "correct horse battery",
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(removeUser(db(), asStaff, admin.id)).rejects.toMatchObject({ status: 403 });
    await expect(removeUser(db(), admin, admin.id)).rejects.toMatchObject({ status: 409 });
    await removeUser(db(), admin, staff.id);
    expect(await db().user.count({ where: { id: staff.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { actorId: admin.id } })).toBe(2);
  });
});
