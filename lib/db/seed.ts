import { hashPassword, verifyPassword } from "../auth/password";
import { DEMO_ADMIN, DEMO_BOX_OFFICE, DEMO_EMAIL_DOMAIN, DEMO_STAFF, readEnv } from "../env";
import type { PrismaClient } from "./generated/client";
import { seedDemoPromoCodesInTx } from "../promo/demo";
import { demoEvents } from "./demo-data";

/** The demo events' slugs (their dates move with the first start; their slugs never do). */
const DEMO_EVENT_SLUGS = demoEvents(new Date(0)).map((e) => e.slug);

/**
 * Demo rows in a database live mode was pointed at: one line with the fix, or null. The demo accounts'
 * passwords are published, and demo events would sell tickets nobody can honour, so live mode refuses
 * to start on them rather than delete anything itself.
 */
export async function demoDataProblem(prisma: PrismaClient): Promise<string | null> {
  const [accounts, events] = await Promise.all([
    prisma.user.count({ where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } } }),
    prisma.event.count({ where: { slug: { in: DEMO_EVENT_SLUGS } } }),
  ]);
  if (!accounts && !events) return null;
  return (
    `This database holds simulator demo data (${accounts} demo account(s) on @${DEMO_EMAIL_DOMAIN}, ${events} demo event(s)), ` +
    "which live mode never serves: give live mode a database of its own (a new DATABASE_URL or PGLITE_DIR)."
  );
}

/**
 * Every start: creates or updates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD (demo values in
 * simulator mode while no admin exists) and, in simulator mode on an empty database, the demo events.
 * In live mode it throws, before writing anything, on a database that holds demo data.
 */
export async function seedOnFirstStart(
  prisma: PrismaClient,
  rawEnv: Record<string, string | undefined> = process.env,
  log: (line: string) => void = () => {},
  now = new Date(),
) {
  const env = readEnv(rawEnv);
  const simulator = env.PAYMENTS_MODE === "simulator";
  if (!simulator) {
    const problem = await demoDataProblem(prisma);
    if (problem) throw new Error(problem);
  }

  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    await upsertAdmin(prisma, env.ADMIN_EMAIL, env.ADMIN_PASSWORD, log);
  } else if ((await prisma.user.count({ where: { role: "admin" } })) === 0) {
    const email = env.ADMIN_EMAIL ?? (simulator ? DEMO_ADMIN.email : undefined);
    const password = env.ADMIN_PASSWORD ?? (simulator ? DEMO_ADMIN.password : undefined);
    if (email && password) {
      await prisma.user.create({
        data: { email: email.toLowerCase(), name: "Admin", role: "admin", passwordHash: await hashPassword(password) },
      });
      log(
        env.ADMIN_PASSWORD
          ? `created admin ${email}`
          : `created demo admin — sign in at /signin as ${email} / ${password}`,
      );
    } else {
      log("no admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one");
    }
  }

  if (simulator && (await prisma.event.count()) === 0) {
    if (!(await prisma.user.findUnique({ where: { email: DEMO_STAFF.email } }))) {
      await prisma.user.create({
        data: {
          email: DEMO_STAFF.email,
          name: "Gate staff",
          role: "staff",
          passwordHash: await hashPassword(DEMO_STAFF.password),
        },
      });
      log(`created demo gate staff — sign in at /signin as ${DEMO_STAFF.email} / ${DEMO_STAFF.password}`);
    }
    if (!(await prisma.user.findUnique({ where: { email: DEMO_BOX_OFFICE.email } }))) {
      await prisma.user.create({
        data: {
          email: DEMO_BOX_OFFICE.email,
          name: "Box office",
          role: "staff",
          canScan: false,
          canSell: true,
          passwordHash: await hashPassword(DEMO_BOX_OFFICE.password),
        },
      });
      log(
        `created demo box office (sells, does not scan) — sign in at /signin as ${DEMO_BOX_OFFICE.email} / ${DEMO_BOX_OFFICE.password}`,
      );
    }
    for (const event of demoEvents(now)) {
      await prisma.$transaction(async (tx) => {
        const { ticketTypes, halls, addons, ...fields } = event;
        const created = await tx.event.create({ data: { ...fields, published: true } });
        await tx.ticketType.createMany({
          data: ticketTypes.map((t, i) => ({ ...t, eventId: created.id, currency: created.currency, sortOrder: i })),
        });
        await seedDemoPromoCodesInTx(tx, created.id, created.slug);
        if (addons.length) {
          await tx.addon.createMany({
            data: addons.map((a) => ({ ...a, eventId: created.id, currency: created.currency })),
          });
        }
        for (const { booths, ...hall } of halls) {
          const h = await tx.hall.create({ data: { ...hall, eventId: created.id } });
          await tx.booth.createMany({
            data: booths.map((b) => ({ ...b, hallId: h.id, eventId: created.id, currency: created.currency })),
          });
        }
      });
      log(`created demo event ${event.slug}`);
    }
  }
}

/**
 * ADMIN_EMAIL's account is an admin with ADMIN_PASSWORD after every start, whether it existed or not:
 * the environment is how an operator takes over or recovers the deployment.
 */
async function upsertAdmin(prisma: PrismaClient, rawEmail: string, password: string, log: (line: string) => void) {
  const email = rawEmail.toLowerCase();
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true, passwordHash: true } });
  if (!user) {
    // Skipping a duplicate: app processes starting together on one PostgreSQL may all find no account.
    const { count } = await prisma.user.createMany({
      data: [{ email, name: "Admin", role: "admin", passwordHash: await hashPassword(password) }],
      skipDuplicates: true,
    });
    if (count) log(`created admin ${email}`);
    return;
  }
  const passwordCurrent = user.passwordHash !== null && (await verifyPassword(password, user.passwordHash));
  if (user.role === "admin" && passwordCurrent) return;
  await prisma.user.update({
    where: { id: user.id },
    data: { role: "admin", ...(!passwordCurrent && { passwordHash: await hashPassword(password) }) },
  });
  log(
    `updated ${email}: ${[user.role !== "admin" && "now an admin", !passwordCurrent && "password from ADMIN_PASSWORD"].filter(Boolean).join(", ")}`,
  );
}
