import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import { parseWith } from "../http/api";
import type { AuthorizedUser } from "./guards";
import { hashPassword } from "./password";

export const newUserSchema = z.object({
  email: z.email("Enter a valid e-mail address.").max(200).transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: z.enum(["admin", "staff"], "Choose admin or staff."),
  password: z.string().min(10, "At least 10 characters.").max(200),
});

const onlyAdmins = (actor: AuthorizedUser) => {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins manage users.", 403);
};

export function listUsers(db: Db) {
  return db.user.findMany({
    where: { role: { in: ["admin", "staff"] } },
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, lastLoginAt: true, lockedUntil: true },
  });
}

/** Adds an admin or gate-staff account (exhibitors sign in by e-mail link instead). */
export async function createUser(db: Db, actor: AuthorizedUser, input: unknown) {
  onlyAdmins(actor);
  const data = parseWith(newUserSchema, input, "user");
  try {
    const user = await db.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) },
      select: { id: true, email: true, role: true },
    });
    await db.auditLog.create({ data: { actorId: actor.id, action: "user.create", entity: "User", entityId: user.id, data: { email: user.email, role: user.role } } });
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("invalid_input", "There is already an account with that e-mail.", 409, { email: "Already in use." });
    throw err;
  }
}

/** Removes an account; an admin cannot remove themselves, so an event never loses its last admin by accident. */
export async function removeUser(db: Db, actor: AuthorizedUser, userId: string) {
  onlyAdmins(actor);
  if (userId === actor.id) throw new AppError("invalid_input", "You cannot remove your own account.", 409);
  const removed = await db.user.deleteMany({ where: { id: userId, role: { in: ["admin", "staff"] } } });
  if (removed.count === 0) throw new AppError("not_found", "No such user.", 404);
  await db.auditLog.create({ data: { actorId: actor.id, action: "user.remove", entity: "User", entityId: userId } });
}
