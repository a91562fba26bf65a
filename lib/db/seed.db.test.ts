import { expect, it, vi } from "vitest";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { seedDemoSales } from "@/lib/demo/sales";
import { DEMO_ADMIN, DEMO_BOX_OFFICE, DEMO_STAFF } from "@/lib/env";
import { describeEachDatabase } from "@/test/db";
import { seedOnFirstStart } from "./seed";

describeEachDatabase("first-start seed", (database) => {
  const db = () => database().prisma;

  it("in simulator mode creates the demo admin, a demo gate-staff account, a demo box office and the demo events, once", async () => {
    const lines: string[] = [];
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" }, (l) => lines.push(l));
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" }, (l) => lines.push(l));
    expect(
      await db().user.findMany({
        select: { email: true, role: true, canScan: true, canSell: true },
        orderBy: { email: "asc" },
      }),
    ).toEqual([
      { email: DEMO_ADMIN.email, role: "admin", canScan: true, canSell: false },
      { email: DEMO_BOX_OFFICE.email, role: "staff", canScan: false, canSell: true },
      { email: DEMO_STAFF.email, role: "staff", canScan: true, canSell: false },
    ]);
    expect(await authenticate(db(), DEMO_STAFF)).toMatchObject({ ok: true, user: { role: "staff" } });
    expect(await authenticate(db(), DEMO_BOX_OFFICE)).toMatchObject({ ok: true, user: { role: "staff" } });
    expect(await db().event.findMany({ select: { slug: true, currency: true }, orderBy: { slug: "asc" } })).toEqual([
      { slug: "bangkok-design-week", currency: "THB" },
      { slug: "dar-trade-expo", currency: "TZS" },
      { slug: "kampala-music-festival", currency: "UGX" },
      { slug: "nairobi-tech-summit", currency: "KES" },
    ]);
    // The second start printed nothing: it found everything in place.
    expect(lines.filter((l) => l.includes(DEMO_STAFF.email))).toHaveLength(1);
    expect(lines.filter((l) => l.includes(`${DEMO_BOX_OFFICE.email} / ${DEMO_BOX_OFFICE.password}`))).toHaveLength(1);
  });
});

describeEachDatabase("first-start seed in live mode", (database) => {
  it("creates only the configured admin: no demo events, no demo accounts", async () => {
    const db = database().prisma;
    await seedOnFirstStart(db, {
      PAYMENTS_MODE: "live",
      ADMIN_EMAIL: "Boss@Example.com",
      ADMIN_PASSWORD: "a long enough password",
    });
    expect(await db.user.findMany({ select: { email: true, role: true } })).toEqual([
      { email: "boss@example.com", role: "admin" },
    ]);
    expect(await db.event.count()).toBe(0);
  });
});

const LIVE = {
  PAYMENTS_MODE: "live",
  AUTH_SECRET: "0f8c1d6e4b2a97f35c0e8d1b6a4f27c9e3d5b8a1",
  ADMIN_EMAIL: "boss@example.com",
  ADMIN_PASSWORD: "Kilimanjaro-sunrise-47",
};

describeEachDatabase("pentest 12.1: demo accounts survive into live mode", (database) => {
  const db = () => database().prisma;

  it("a database first started in simulator mode refuses to start live while its demo accounts and events exist", async () => {
    const now = new Date();
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" }, () => {}, now);
    expect(await seedDemoSales(db(), { PAYMENTS_MODE: "simulator" }, now)).toBeGreaterThan(0);

    const refusal = await seedOnFirstStart(db(), LIVE).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(refusal).toMatch(
      /simulator demo data \(3 demo account\(s\) on @lango\.test, 4 demo event\(s\)\).*database of its own/,
    );
    expect(refusal).not.toContain("\n");
    // Refused before writing anything: the configured admin was not created beside the demo ones.
    expect(await db().user.findUnique({ where: { email: "boss@example.com" } })).toBeNull();
  });

  it("the demo accounts cannot sign in with a password in live mode, even while they exist", async () => {
    expect(await authenticate(db(), DEMO_ADMIN)).toMatchObject({ ok: true, user: { role: "admin" } });
    vi.stubEnv("PAYMENTS_MODE", "live");
    try {
      expect(await authenticate(db(), DEMO_ADMIN)).toEqual({ ok: false, reason: "invalid" });
      expect(await authenticate(db(), DEMO_STAFF)).toEqual({ ok: false, reason: "invalid" });
      expect(await authenticate(db(), DEMO_BOX_OFFICE)).toEqual({ ok: false, reason: "invalid" });
      expect(await authenticate(db(), { ...DEMO_ADMIN, email: "ADMIN@Lango.Test" })).toEqual({
        ok: false,
        reason: "invalid",
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describeEachDatabase("pentest 12.1: live start once the demo is gone", (database) => {
  const db = () => database().prisma;

  it("creates the ADMIN_EMAIL admin and no demo accounts, events or sales", async () => {
    await seedOnFirstStart(db(), { PAYMENTS_MODE: "simulator" });
    await db().event.deleteMany({
      where: {
        slug: { in: ["nairobi-tech-summit", "dar-trade-expo", "kampala-music-festival", "bangkok-design-week"] },
      },
    });
    await db().user.deleteMany({ where: { email: { endsWith: "@lango.test" } } });
    await seedOnFirstStart(db(), LIVE);
    expect(await db().user.findMany({ select: { email: true, role: true } })).toEqual([
      { email: "boss@example.com", role: "admin" },
    ]);
    expect(await db().event.count()).toBe(0);
    expect(await seedDemoSales(db(), LIVE)).toBe(0);
    expect(await db().order.count()).toBe(0);
  });
});

describeEachDatabase("pentest 12.1: ADMIN_EMAIL is created or updated at every start", (database) => {
  const db = () => database().prisma;

  it("an existing account named by ADMIN_EMAIL becomes an admin with ADMIN_PASSWORD, in either mode", async () => {
    await db().user.create({
      data: { email: "boss@example.com", role: "staff", passwordHash: await hashPassword("the old password 1") },
    });
    await seedOnFirstStart(db(), LIVE);
    expect(await db().user.findMany({ select: { email: true, role: true } })).toEqual([
      { email: "boss@example.com", role: "admin" },
    ]);
    expect(await authenticate(db(), { email: "boss@example.com", password: "the old password 1" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authenticate(db(), { email: "boss@example.com", password: LIVE.ADMIN_PASSWORD })).toMatchObject({
      ok: true,
      user: { role: "admin" },
    });

    // Simulator mode with an admin already present still applies ADMIN_EMAIL / ADMIN_PASSWORD.
    await seedOnFirstStart(db(), {
      PAYMENTS_MODE: "simulator",
      ADMIN_EMAIL: "Boss@Example.com",
      ADMIN_PASSWORD: "another passphrase 2",
    });
    expect(await authenticate(db(), { email: "boss@example.com", password: "another passphrase 2" })).toMatchObject({
      ok: true,
      user: { role: "admin" },
    });
    expect(await db().user.count({ where: { role: "admin" } })).toBe(1);
  });
});
