import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { invalidateCatalog } from "@/lib/catalog/catalog-cache";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { orderBody, seedDemo } from "@/test/fixtures";
import { GET as getEvent } from "../events/[slug]/route";
import { GET as listEvents } from "../events/route";
import { POST as postOrder } from "./route";

const post = (body: unknown, headers: Record<string, string> = {}, query = "") =>
  postOrder(
    new Request(`http://test/api/orders${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    undefined as never,
  );
const event = (slug: string, query = "", headers: Record<string, string> = {}) =>
  getEvent(new Request(`http://test/api/events/${slug}${query}`, { headers }), {
    params: Promise.resolve({ slug }),
  });

describeEachDatabase("issue 18: organiser content and orders in the buyer's language", (database) => {
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(database().prisma);
    useDatabase(database());
    // Five orders from one test client in a row: the per-buyer and per-client hold caps are not the subject.
    vi.stubEnv("UNPAID_HOLDS_PER_BUYER", "0");
    vi.stubEnv("UNPAID_HOLDS_PER_IP", "0");
    const eventId = demo.nairobi.regular.eventId;
    await database().prisma.checkoutQuestion.create({
      data: {
        eventId,
        label: "T-shirt size",
        kind: "choice",
        options: ["S", "M", "L"],
        scope: "order",
        translations: { sw: { label: "Saizi ya fulana", options: ["Ndogo (S)", "", "Kubwa (L)"] } },
      },
    });
    invalidateCatalog();
  });
  afterAll(() => vi.unstubAllEnvs());

  it("GET /api/events/{slug}?lang=sw answers with the organiser's Kiswahili texts, and English without it", async () => {
    const sw = await (await event("nairobi-tech-summit", "?lang=sw")).json();
    expect(sw.name).toBe("Mkutano wa Teknolojia Nairobi");
    expect(sw.description).toMatch(/^Siku mbili za mihadhara/);
    const regular = sw.ticketTypes.find((t: { id: string }) => t.id === demo.nairobi.regular.id);
    expect(regular).toMatchObject({
      name: "Kawaida",
      description: "Siku zote mbili, mihadhara yote na ukumbi wa maonyesho.",
    });
    const size = sw.questions.find((q: { kind: string }) => q.kind === "choice");
    // The label is translated; the options a buyer answers with stay what the organiser stores.
    expect(size).toMatchObject({
      label: "Saizi ya fulana",
      options: ["S", "M", "L"],
      optionLabels: ["Ndogo (S)", "M", "Kubwa (L)"],
    });

    const en = await (await event("nairobi-tech-summit")).json();
    expect(en.name).toBe("Nairobi Tech Summit");
    expect(en.ticketTypes.find((t: { id: string }) => t.id === demo.nairobi.regular.id).name).toBe("Regular");
    expect(en.questions.find((q: { kind: string }) => q.kind === "choice")).not.toHaveProperty("optionLabels");

    // The browser's language decides when the link does not: the list too.
    const list = await (
      await listEvents(
        new Request("http://test/api/events", { headers: { "accept-language": "sw-TZ" } }),
        undefined as never,
      )
    ).json();
    expect(list.events.map((e: { name: string }) => e.name)).toContain("Maonyesho ya Biashara Dar es Salaam");
  });

  it("falls back to the organiser's own text where no Kiswahili was written", async () => {
    await database().prisma.ticketType.update({
      where: { id: demo.nairobi.student.id },
      data: { translations: { sw: { name: "Mwanafunzi" } } },
    });
    invalidateCatalog();
    const sw = await (await event("nairobi-tech-summit", "?lang=sw")).json();
    expect(sw.ticketTypes.find((t: { id: string }) => t.id === demo.nairobi.student.id)).toMatchObject({
      name: "Mwanafunzi",
      description: "Valid student ID required at the gate.",
    });
  });

  it("remembers the language an order was placed in, from the lang cookie or the browser, and English otherwise", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ cookie: "lang=sw" }, "", "sw"],
      [{ "accept-language": "sw-KE,sw;q=0.9" }, "", "sw"],
      [{ "accept-language": "sw-KE", cookie: "lang=en" }, "", "en"],
      [{}, "?lang=sw", "sw"],
      [{}, "", "en"],
    ];
    for (const [i, [headers, query, lang]] of cases.entries()) {
      const body = orderBody(demo.nairobi.regular.id, 1);
      const res = await post({ ...body, buyer: { ...body.buyer, email: `lang${i}@example.com` } }, headers, query);
      expect(res.status, JSON.stringify(headers)).toBe(201);
      const { reference } = await res.json();
      const order = await database().prisma.order.findUniqueOrThrow({ where: { reference }, include: { items: true } });
      expect(order.lang, JSON.stringify(headers)).toBe(lang);
      // The line is written in the order's language too: its mail and receipt say it the same way.
      expect(order.items[0].description).toBe(lang === "sw" ? "Tiketi ya Kawaida" : "Regular ticket");
    }
  });

  it("refuses in Kiswahili with the same code and status", async () => {
    const res = await post(
      {
        ...orderBody(demo.nairobi.regular.id, 1),
        buyer: { name: "Amina", email: "not-an-address", phone: "0712 345 678" },
      },
      { "accept-language": "sw-KE" },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "invalid_input",
        message: "Baadhi ya taarifa hazipo au si sahihi.",
        fields: { "buyer.email": "Weka anwani sahihi ya barua pepe." },
      },
    });
  });
});
