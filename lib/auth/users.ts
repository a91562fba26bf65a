import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import { parseWith } from "../http/api";
import { clearSignInFailures, lockedOutEmails } from "./credentials";
import type { AuthorizedUser } from "./guards";
import { hashPassword } from "./password";

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const newUserSchema = z.object({
  email: z
    .email("Enter a valid e-mail address.")
    .max(200)
    .transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: z.enum(["admin", "staff"], "Choose admin or staff."),
  password: z.string().min(10, "At least 10 characters.").max(200),
  // Checkboxes: present ("on") when ticked. Admins have every right, so theirs are not stored as chosen.
  // Without `rights` (a caller that predates them) a staff member scans only, as staff always did.
  rights: z.literal("given").optional(),
  canScan: checkbox,
  canSell: checkbox,
});

export const rightsSchema = z.object({
  userId: z.string("Choose a user.").trim().min(1, "Choose a user.").max(100),
  canScan: checkbox,
  canSell: checkbox,
});

const onlyAdmins = (actor: AuthorizedUser) => {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins manage users.");
};

/** Admin and staff accounts, each with whether some client is locked out of it by wrong passwords. */
export async function listUsers(db: Db, now = new Date()) {
  const users = await db.user.findMany({
    where: { role: { in: ["admin", "staff"] } },
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, canScan: true, canSell: true, lastLoginAt: true },
  });
  const locked = await lockedOutEmails(
    db,
    users.map((u) => u.email),
    now,
  );
  return users.map((u) => ({ ...u, locked: locked.has(u.email) }));
}

/** Adds an admin or gate-staff account (exhibitors sign in by e-mail link instead). */
export async function createUser(db: Db, actor: AuthorizedUser, input: unknown) {
  onlyAdmins(actor);
  const data = parseWith(newUserSchema, input, "user");
  if (!data.rights && !data.canSell) data.canScan = true;
  if (data.role === "staff" && !data.canScan && !data.canSell)
    throw new AppError("invalid_input", "Give the staff member at least one right: scan, sell, or both.", {
      canScan: "Tick scan, sell or both.",
    });
  const rights =
    data.role === "admin" ? { canScan: true, canSell: true } : { canScan: data.canScan, canSell: data.canSell };
  try {
    const user = await db.user.create({
      data: {
        email: data.email,
        name: data.name,
        role: data.role,
        ...rights,
        passwordHash: await hashPassword(data.password),
      },
      select: { id: true, email: true, role: true, canScan: true, canSell: true },
    });
    await db.auditLog.create({
      data: {
        actorId: actor.id,
        action: "user.create",
        entity: "User",
        entityId: user.id,
        data: { email: user.email, role: user.role, ...rights },
      },
    });
    return user;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("email_taken", "There is already an account with that e-mail.", {
        email: "Already in use.",
      });
    throw err;
  }
}

/**
 * Removes an account, which ends its sessions (the guards find no account). An admin cannot remove
 * themselves, and must still be an admin when the removal commits: with the admin rows locked (in one
 * order, so two removals wait for each other rather than deadlock), two admins removing each other at
 * the same moment cannot both succeed, so there is always an admin left.
 */
export async function removeUser(db: Db, actor: AuthorizedUser, userId: string) {
  onlyAdmins(actor);
  if (userId === actor.id) throw new AppError("cannot_remove_self", "You cannot remove your own account.");
  await db.$transaction(async (tx) => {
    const admins = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "User" WHERE "role" = 'admin' ORDER BY "id" FOR UPDATE`;
    if (!admins.some((a) => a.id === actor.id)) throw new AppError("forbidden", "Only admins manage users.");
    // A cashier's shifts are the record of who took which money: the account stays, without its rights.
    if (await tx.boxOfficeShift.count({ where: { cashierId: userId } }))
      throw new AppError(
        "change_not_allowed",
        "This person has box-office shifts on record, which must keep their cashier. Untick their rights instead: that ends their sessions and stops them selling or scanning.",
      );
    const removed = await tx.user.deleteMany({ where: { id: userId, role: { in: ["admin", "staff"] } } });
    if (removed.count === 0) throw new AppError("not_found", "No such user.");
    await tx.auditLog.create({ data: { actorId: actor.id, action: "user.remove", entity: "User", entityId: userId } });
  });
}

/**
 * Lets an account sign in again at once from every client that wrong passwords locked out (someone
 * may be locking the gate staff out on purpose). Admin-only; audited.
 */
export async function unlockUser(db: Db, actor: AuthorizedUser, userId: string) {
  onlyAdmins(actor);
  const user = await db.user.findFirst({
    where: { id: userId, role: { in: ["admin", "staff"] } },
    select: { email: true },
  });
  if (!user) throw new AppError("not_found", "No such user.");
  const cleared = await clearSignInFailures(db, user.email);
  await db.auditLog.create({
    data: {
      actorId: actor.id,
      action: "user.unlock",
      entity: "User",
      entityId: userId,
      data: { clearedCounters: cleared },
    },
  });
  return user;
}

/**
 * Sets what a staff member may do: scan at the gate, sell at the box office, or both. The change ends the
 * account's sessions (a database trigger bumps its session version), so a phone signed in with the old
 * rights has to sign in again. Admin-only; audited.
 */
export async function setStaffRights(db: Db, actor: AuthorizedUser, input: unknown) {
  onlyAdmins(actor);
  const data = parseWith(rightsSchema, input, "rights");
  const rights = { canScan: data.canScan, canSell: data.canSell };
  const changed = await db.user.updateMany({ where: { id: data.userId, role: "staff" }, data: rights });
  if (changed.count === 0) throw new AppError("not_found", "No such staff member.");
  await db.auditLog.create({
    data: { actorId: actor.id, action: "user.rights", entity: "User", entityId: data.userId, data: rights },
  });
  return db.user.findUniqueOrThrow({ where: { id: data.userId }, select: { email: true, ...selectRights } });
}

const selectRights = { canScan: true, canSell: true } as const;
