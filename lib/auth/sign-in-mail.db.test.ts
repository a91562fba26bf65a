import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { handleSimulatorRequest } from "@/lib/simulators/router";
import { describeEachDatabase } from "@/test/db";
import { EXHIBITOR_SIGN_IN_KIND, outboxViewForAdmin, queueSignInEmail, SIGN_IN_LINK_HIDDEN } from "./email-signin";

const LINK =
  "http://localhost:3000/api/auth/callback/email?callbackUrl=%2Fexhibit%2Fportal&token=0123456789abcdef&email=amina%40example.co.tz";
const mailbox = (to?: string) =>
  handleSimulatorRequest(
    new Request(`http://localhost:3000/sim/api/mailbox${to === undefined ? "" : `?to=${encodeURIComponent(to)}`}`),
    { appUrl: "http://localhost:3000" },
  );

describeEachDatabase("the sign-in e-mail: hidden from admins, delivered to its recipient", (database) => {
  const db = () => database().prisma;
  beforeAll(async () => {
    useDatabase(database());
    await queueSignInEmail(db(), {
      to: "Amina@Example.co.tz",
      url: LINK,
      token: "0123456789abcdef",
      expires: new Date(Date.now() + 60 * 60_000),
    });
  });
  afterEach(() => vi.unstubAllEnvs());

  it("the admin outbox view hides the live link, in the text and the rendered message; the stored message keeps it for sending", async () => {
    const stored = await db().emailOutbox.findFirstOrThrow({ where: { kind: EXHIBITOR_SIGN_IN_KIND } });
    expect(stored.text).toContain(LINK);
    const shown = outboxViewForAdmin(stored, { delivered: true });
    expect(shown.linkHidden).toBe(true);
    for (const part of [shown.text, shown.html]) {
      expect(part).not.toContain("0123456789abcdef");
      expect(part).not.toContain("/api/auth/callback/email");
    }
    expect(shown.text).toContain(SIGN_IN_LINK_HIDDEN);
    expect(shown.html).toContain('href="#"');
    // Other messages are shown as they are.
    const other = {
      kind: "order-confirmation",
      text: "See https://tickets.example.com/tickets/abc",
      html: '<a href="https://tickets.example.com/tickets/abc">x</a>',
    };
    expect(outboxViewForAdmin(other, { delivered: true })).toEqual({
      ...other,
      linkHidden: false,
      liveSignInLink: false,
    });
    // With no provider the outbox is the only delivery: the link is shown, flagged, to be passed on.
    expect(outboxViewForAdmin(stored, { delivered: false })).toMatchObject({
      text: expect.stringContaining(LINK),
      linkHidden: false,
      liveSignInLink: true,
    });
  });

  it("GET /sim/api/mailbox?to= gives the recipient their messages as text, whatever the case of the address", async () => {
    const res = await mailbox("amina@example.co.tz");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({
      kind: EXHIBITOR_SIGN_IN_KIND,
      subject: expect.stringContaining("sign-in link"),
      text: expect.stringContaining(LINK),
      createdAt: expect.any(String),
    });
    expect(body.messages[0]).not.toHaveProperty("html");
    expect((await (await mailbox("someone.else@example.co.tz")).json()).messages).toEqual([]);
    expect((await mailbox()).status).toBe(400);
    expect((await mailbox("not an address")).status).toBe(400);
  });

  it("is not there in live mode, like every /sim route", async () => {
    vi.stubEnv("PAYMENTS_MODE", "live");
    expect((await mailbox("amina@example.co.tz")).status).toBe(404);
  });
});
