import { getDb } from "@/lib/db/client";
import { boothInvoiceByAccessToken } from "@/lib/documents/invoice";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** A booth booking's invoice (pro-forma until paid, then numbered), for the exhibitor's accounts (linked from the portal and the e-mail). */
export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string }> }) => {
  const { pdf, number } = await boothInvoiceByAccessToken(await getDb(), (await params).token);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="invoice-${number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
