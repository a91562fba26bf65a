import { createHash } from "node:crypto";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { DEMO_ADMIN, DEMO_STAFF } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { langoAdapter } from "./adapter";
import {
  checkEmailRedirect,
  EXHIBITOR_SIGN_IN_KIND,
  PER_ADDRESS_LIMIT,
  PER_IP_LIMIT,
  withinSignInLimits,
} from "./email-signin";
import { authSecret } from "./secret";
import { sessionFromRequest } from "./session";
import { APP, auth, cookieHeader } from "./testing";

/** What a browser does on /exhibit/signin: fetch a CSRF token, then post the address. */
async function requestLink(email: string, ip?: string, lang?: Locale) {
  const csrf = await auth("csrf");
  const res = await auth("signin/email", {
    method: "POST",
    body: { email, csrfToken: csrf.json!.csrfToken!, callbackUrl: "/exhibit/portal", json: "true" },
    cookies: csrf.cookies,
    ip,
    lang,
  });
  return res.json?.url;
}

const sessionOf = (cookies: Record<string, string>) =>
  sessionFromRequest(new Request(APP, { headers: { cookie: cookieHeader(cookies) } }), { PAYMENTS_MODE: "simulator" });

describeEachDatabase("exhibitor e-mail sign-in", (database) => {
  const db = () => database().prisma;
  const outbox = (to?: string) =>
    db().emailOutbox.findMany({
      where: { kind: EXHIBITOR_SIGN_IN_KIND, ...(to && { to }) },
      orderBy: { createdAt: "asc" },
    });
  const linkIn = (text: string) => text.match(/http\S+\/api\/auth\/callback\/email\S+/)![0];
  let n = 0;
  /** An exhibitor row as a booth booking leaves it: the address as the buyer typed it. */
  const exhibitor = async (email?: string) => {
    const i = ++n;
    const event = await db().event.findFirstOrThrow({ where: { slug: "dar-trade-expo" } });
    return db().exhibitor.create({
      data: {
        eventId: event.id,
        email: email ?? `Exhibitor${i}@Example.com`,
        companyName: `Company ${i}`,
        contactName: `Contact ${i}`,
        phone: "+255712345678",
      },
    });
  };

  beforeAll(async () => {
    useDatabase(database());
    await seedDemo(db());
  });
  beforeEach(async () => {
    await db().rateLimit.deleteMany();
  });

  it("an exhibitor asks for a link, gets it through the outbox, and the link signs them in once, to the portal", async () => {
    await exhibitor("Amina.Odhiambo@Example.com");
    expect(await requestLink("  amina.odhiambo@EXAMPLE.com ")).toBe(checkEmailRedirect({}));

    const [mail] = await outbox("amina.odhiambo@example.com");
    expect(mail).toMatchObject({ status: "queued", subject: expect.stringContaining("exhibitor portal") });
    const link = linkIn(mail.text);
    expect(mail.html).toContain("Sign in to the exhibitor portal");
    // The table keeps only the hash: the token in the e-mail is nowhere in the database.
    const token = new URL(link).searchParams.get("token")!;
    expect(await db().verificationToken.count({ where: { token } })).toBe(0);
    expect(await db().verificationToken.count({ where: { identifier: "amina.odhiambo@example.com" } })).toBe(1);

    const url = new URL(link);
    const signedIn = await auth(`callback/email${url.search}`);
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe(`${APP}/exhibit/portal`);
    const user = await db().user.findUniqueOrThrow({ where: { email: "amina.odhiambo@example.com" } });
    expect(user).toMatchObject({ role: "exhibitor", name: "Contact 1", passwordHash: null });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(await sessionOf(signedIn.cookies)).toEqual({
      id: user.id,
      role: "exhibitor",
      sessionVersion: 0,
      sessionId: expect.any(String),
    });

    // Single use: the same link again is refused and makes no session.
    const again = await auth(`callback/email${url.search}`);
    expect(again.location).toBe(`${APP}/api/auth/error?error=Verification`);
    expect((await auth("error?error=Verification")).location).toBe("/signin?error=Verification");
    expect(Object.keys(again.cookies).some((c) => c.includes("session-token"))).toBe(false);

    // A second link signs the same account in (no duplicate user).
    await requestLink("amina.odhiambo@example.com");
    const second = (await outbox("amina.odhiambo@example.com"))[1];
    const back = await auth(`callback/email${new URL(linkIn(second.text)).search}`);
    expect(await sessionOf(back.cookies)).toEqual({
      id: user.id,
      role: "exhibitor",
      sessionVersion: 0,
      sessionId: expect.any(String),
    });
    expect(await db().user.count({ where: { email: "amina.odhiambo@example.com" } })).toBe(1);
  });

  it("the link's e-mail is in the language of the page that asked for it", async () => {
    const x = await exhibitor("Neema@Example.co.tz");
    await requestLink(x.email, "203.0.113.40", "sw");
    const [mail] = await outbox("neema@example.co.tz");
    expect(mail.subject).toBe("Kiungo chako cha kuingia kwenye tovuti ya waonyeshaji ya Lango");
    expect(mail.html).toContain('lang="sw"');
    expect(mail.text).toContain("Ingia kwenye tovuti ya waonyeshaji");
    expect(linkIn(mail.text)).toContain("/api/auth/callback/email");
  });

  it("an address that booked nothing, or an admin's or staff member's, gets the same answer and nothing is sent", async () => {
    const before = (await outbox()).length;
    const tokens = await db().verificationToken.count();
    for (const email of ["nobody@example.com", DEMO_STAFF.email, DEMO_ADMIN.email.toUpperCase()]) {
      expect(await requestLink(email)).toBe(checkEmailRedirect({}));
    }
    expect((await outbox()).length).toBe(before);
    expect(await db().verificationToken.count()).toBe(tokens);
    expect(await db().user.count({ where: { email: "nobody@example.com" } })).toBe(0);
  });

  it("a staff or admin address cannot sign in by link even with a valid token: they use passwords", async () => {
    const adapter = langoAdapter(async () => db());
    for (const email of [DEMO_STAFF.email, DEMO_ADMIN.email]) {
      const token = `forged-${email}`;
      // Hashed as next-auth hashes it (SHA-256 of token and secret), as if a link had been issued.
      const hashed = createHash("sha256")
        .update(`${token}${authSecret({})}`)
        .digest("hex");
      await adapter.createVerificationToken!({
        identifier: email,
        token: hashed,
        expires: new Date(Date.now() + 60_000),
      });
      const res = await auth(`callback/email?${new URLSearchParams({ token, email, callbackUrl: "/admin" })}`);
      expect(res.location).toBe("/exhibit/signin?error=AccessDenied");
      expect(Object.keys(res.cookies).some((c) => c.includes("session-token"))).toBe(false);
      expect((await db().user.findUniqueOrThrow({ where: { email } })).emailVerified).toBeNull();
    }
  });

  it("an exhibitor whose booking row was removed after the link was sent is refused", async () => {
    const row = await exhibitor();
    await requestLink(row.email);
    const mail = (await outbox(row.email.toLowerCase()))[0];
    await db().exhibitor.delete({ where: { id: row.id } });
    const res = await auth(`callback/email${new URL(linkIn(mail.text)).search}`);
    expect(res.location).toBe("/exhibit/signin?error=AccessDenied");
    expect(await db().user.count({ where: { email: row.email.toLowerCase() } })).toBe(0);
  });

  it(`sends at most ${PER_ADDRESS_LIMIT.count} links an hour to one address and answers ${PER_IP_LIMIT.count} requests an hour from one IP`, async () => {
    const row = await exhibitor();
    const address = row.email.toLowerCase();
    for (let i = 0; i < PER_ADDRESS_LIMIT.count + 2; i++)
      expect(await requestLink(address, `198.51.100.${i}`)).toBe(checkEmailRedirect({}));
    expect((await outbox(address)).length).toBe(PER_ADDRESS_LIMIT.count);

    const other = (await exhibitor()).email.toLowerCase();
    const t0 = new Date("2030-01-01T10:00:00Z");
    for (let i = 0; i < PER_IP_LIMIT.count; i++)
      expect(await withinSignInLimits(db(), `spray${i}@example.com`, "192.0.2.7", t0)).toBe(true);
    expect(await withinSignInLimits(db(), other, "192.0.2.7", t0)).toBe(false);
    expect(await withinSignInLimits(db(), other, "192.0.2.8", t0)).toBe(true);
    // The window passes and the address may ask again.
    expect(await withinSignInLimits(db(), other, "192.0.2.7", new Date(t0.getTime() + PER_IP_LIMIT.windowMs + 1))).toBe(
      true,
    );
  });

  it("with no known IP (no TRUST_PROXY), one visitor's requests cannot lock everyone else out; each address keeps its own limit", async () => {
    const t0 = new Date("2030-02-01T10:00:00Z");
    for (let i = 0; i < PER_IP_LIMIT.count * 2; i++)
      expect(await withinSignInLimits(db(), `flood${i}@example.com`, undefined, t0)).toBe(true);
    const victim = (await exhibitor()).email.toLowerCase();
    expect(await withinSignInLimits(db(), victim, undefined, t0)).toBe(true);
    for (let i = 1; i < PER_ADDRESS_LIMIT.count; i++)
      expect(await withinSignInLimits(db(), victim, undefined, t0)).toBe(true);
    expect(await withinSignInLimits(db(), victim, undefined, t0)).toBe(false);
    expect(
      await db().rateLimit.count({ where: { key: { in: ["email-signin:ip:unknown", "email-signin:ip:undefined"] } } }),
    ).toBe(0);
  });

  it("the adapter's tokens are single-use, even when two clicks race, and expire", async () => {
    const adapter = langoAdapter(async () => db());
    await adapter.createVerificationToken!({
      identifier: "race@example.com",
      token: "hash-1",
      expires: new Date(Date.now() + 60_000),
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => adapter.useVerificationToken!({ identifier: "race@example.com", token: "hash-1" })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);

    await adapter.createVerificationToken!({
      identifier: "late@example.com",
      token: "hash-2",
      expires: new Date(Date.now() - 1000),
    });
    expect(await adapter.useVerificationToken!({ identifier: "late@example.com", token: "hash-2" })).toBeNull();
    expect(await adapter.useVerificationToken!({ identifier: "other@example.com", token: "hash-1" })).toBeNull();
    // The expired row is swept on the next issue, not kept forever.
    await adapter.createVerificationToken!({
      identifier: "late@example.com",
      token: "hash-3",
      expires: new Date(Date.now() - 1000),
    });
    await adapter.createVerificationToken!({
      identifier: "fresh@example.com",
      token: "hash-4",
      expires: new Date(Date.now() + 60_000),
    });
    expect(await db().verificationToken.count({ where: { identifier: "late@example.com" } })).toBe(0);
  });
});
