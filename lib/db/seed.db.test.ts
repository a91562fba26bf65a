import { expect, it } from "vitest";
import { authenticate } from "@/lib/auth/credentials";
import { DEMO_ADMIN, DEMO_STAFF } from "@/lib/env";
import { describeEachDatabase } from "@/test/db";
import { seedOnFirstStart } from "./seed";

describeEachDatabase("first-start seed", (database) => {
  const db = () => database().prisma;

  it("in simulator mode creates the demo admin, a demo gate-staff account and the demo events, once", async () => {
    const lines: string[] = [];
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" }, (l) => lines.push(l));
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" }, (l) => lines.push(l));
    expect(await db().user.findMany({ select: { email: true, role: true }, orderBy: { email: "asc" } })).toEqual([
      { email: DEMO_ADMIN.email, role: "admin" },
      { email: DEMO_STAFF.email, role: "staff" },
    ]);
    expect(await authenticate(db(), DEMO_STAFF)).toMatchObject({ ok: true, user: { role: "staff" } });
    expect(await db().event.findMany({ select: { slug: true, currency: true }, orderBy: { slug: "asc" } })).toEqual([
      { slug: "bangkok-design-week", currency: "THB" },
      { slug: "dar-trade-expo", currency: "TZS" },
      { slug: "kampala-music-festival", currency: "UGX" },
      { slug: "nairobi-tech-summit", currency: "KES" },
    ]);
    // The second start printed nothing: it found everything in place.
    expect(lines.filter((l) => l.includes(DEMO_STAFF.email))).toHaveLength(1);
  });
});

describeEachDatabase("first-start seed in live mode", (database) => {
  it("creates only the configured admin: no demo events, no demo accounts", async () => {
    const db = database().prisma;
    await seedOnFirstStart(db, { PAYMENTS_MODE: "live", ADMIN_EMAIL: "Boss@Example.com", ADMIN_PASSWORD: "a long enough password" });
    expect(await db.user.findMany({ select: { email: true, role: true } })).toEqual([{ email: "boss@example.com", role: "admin" }]);
    expect(await db.event.count()).toBe(0);
  });
});
