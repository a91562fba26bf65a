import { hashPassword } from "../auth/password";
import { DEMO_ADMIN, DEMO_STAFF, readEnv } from "../env";
import type { PrismaClient } from "./generated/client";
import { demoEvents } from "./demo-data";

/**
 * First start: creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD (demo values in simulator
 * mode) and, in simulator mode on an empty database, the demo events. Never touches existing data.
 */
export async function seedOnFirstStart(
  prisma: PrismaClient,
  rawEnv: Record<string, string | undefined> = process.env,
  log: (line: string) => void = () => {},
  now = new Date(),
) {
  const env = readEnv(rawEnv);
  const simulator = env.PAYMENTS_MODE === "simulator";

  if ((await prisma.user.count({ where: { role: "admin" } })) === 0) {
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
        data: { email: DEMO_STAFF.email, name: "Gate staff", role: "staff", passwordHash: await hashPassword(DEMO_STAFF.password) },
      });
      log(`created demo gate staff — sign in at /signin as ${DEMO_STAFF.email} / ${DEMO_STAFF.password}`);
    }
    for (const event of demoEvents(now)) {
      await prisma.$transaction(async (tx) => {
        const { ticketTypes, halls, addons, ...fields } = event;
        const created = await tx.event.create({ data: { ...fields, published: true } });
        await tx.ticketType.createMany({
          data: ticketTypes.map((t, i) => ({ ...t, eventId: created.id, currency: created.currency, sortOrder: i })),
        });
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
