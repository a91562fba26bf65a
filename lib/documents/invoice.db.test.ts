import { beforeAll, expect, it } from "vitest";
import { GET as invoiceRoute } from "@/app/tickets/[token]/invoice.pdf/route";
import { useDatabase, type Db } from "@/lib/db/client";
import { updatePortalProfile } from "@/lib/exhibit/portal";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { pdfText } from "./pdf-text.testkit";

const DAR = "dar-trade-expo";
const VICTIM = "ops@acme.example";

describeEachDatabase("a booth invoice fetched with an order's token", (database) => {
  const db = (): Db => database().prisma;
  const download = async (token: string) => {
    const res = await invoiceRoute(new Request(`http://test/tickets/${token}/invoice.pdf`), {
      params: Promise.resolve({ token }),
    });
    expect(res.status).toBe(200);
    return {
      file: res.headers.get("content-disposition"),
      text: (await pdfText(new Uint8Array(await res.arrayBuffer()))).join("\n"),
    };
  };
  const book = async (code: string, booth: { company: string; contactName?: string }, buyerName: string) => {
    const { id: boothId } = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });
    const body = createOrderSchema.parse({
      eventSlug: DAR,
      items: [],
      booths: [{ boothId, ...booth }],
      buyer: { name: buyerName, email: VICTIM, phone: "+255 754 123 456" },
    });
    const { reference } = await createOrder(db(), body);
    return db().order.findUniqueOrThrow({ where: { reference } });
  };
  const pay = (orderId: string) => db().$transaction((tx) => settleOrderPaid(tx, orderId, new Date()));
  const invoiceSeq = async () => (await db().event.findUniqueOrThrow({ where: { slug: DAR } })).invoiceSeq;

  let victim: Awaited<ReturnType<typeof book>>;
  // What only the exhibitor keeps: typed at booking, and changed in the portal since.
  const secrets = ["Acme Exhibits Ltd", "Achieng Otieno", "Acme Exhibits (EA) Ltd", "Wanjiru Accounts"];

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    victim = await book("A1", { company: "Acme Exhibits Ltd", contactName: "Achieng Otieno" }, "Achieng Otieno");
    await pay(victim.id);
    const user = await db().user.create({ data: { email: VICTIM, role: "exhibitor" } });
    await updatePortalProfile(
      db(),
      { user: { id: user.id, email: user.email, name: null, role: "exhibitor" } },
      victim.exhibitorId!,
      { companyName: "Acme Exhibits (EA) Ltd", contactName: "Wanjiru Accounts", phone: "+255 754 999 888" },
    );
  });

  it("bills a stranger's booking under an exhibitor's e-mail as the stranger typed it, and numbers it only once paid", async () => {
    const stranger = await book("A2", { company: "Mallory Trading" }, "Mallory");
    // The booking joins the exhibitor's own record: the invoice must not read from it.
    expect(stranger.exhibitorId).toBe(victim.exhibitorId);
    const before = await invoiceSeq();

    const proForma = await download(stranger.accessToken);
    for (const secret of secrets) expect(proForma.text).not.toContain(secret);
    expect(proForma.text).toContain("Mallory Trading");
    expect(proForma.text).toContain("Invoice (pro-forma)");
    expect(proForma.text).toContain("Amount due");
    expect(proForma.file).toBe(`attachment; filename="invoice-${stranger.reference}-pro-forma.pdf"`);
    // Unpaid, it spends none of the organiser's invoice numbers, however often it is fetched.
    await download(stranger.accessToken);
    expect(await invoiceSeq()).toBe(before);
    expect(await db().boothInvoice.count({ where: { orderId: stranger.id } })).toBe(0);

    // Paying proves nothing about the address either: the numbered invoice still bills only this booking.
    await pay(stranger.id);
    const paid = await download(stranger.accessToken);
    expect(paid.file).toBe(`attachment; filename="invoice-DAR-TRADE-EXPO-${String(before + 1).padStart(4, "0")}.pdf"`);
    expect(paid.text).toContain("Mallory Trading");
    expect(paid.text).toMatch(/Paid on/);
    for (const secret of secrets) expect(paid.text).not.toContain(secret);
    expect(await invoiceSeq()).toBe(before + 1);
  });

  it("bills the exhibitor's own paid booking as it was booked, whatever the profile says since", async () => {
    const { text, file } = await download(victim.accessToken);
    expect(text).toContain("Acme Exhibits Ltd");
    expect(text).toContain("Achieng Otieno");
    expect(text).not.toContain("Acme Exhibits (EA) Ltd");
    expect(file).toMatch(/^attachment; filename="invoice-DAR-TRADE-EXPO-\d{4}\.pdf"$/);
    expect(await db().boothInvoice.count({ where: { orderId: victim.id } })).toBe(1);
  });
});
