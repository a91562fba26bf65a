import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/box-office/print-button";
import { requirePageRight } from "@/lib/auth/page-guard";
import { loadReceipt } from "@/lib/box-office/receipt";
import { formatShortDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import "./receipt.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Receipt", robots: { index: false } };

const METHODS: Record<string, string> = { cash: "Cash", daraja: "M-Pesa" };

export default async function ReceiptPage({ params }: { params: Promise<{ reference: string }> }) {
  const { reference } = await params;
  const viewer = await requirePageRight("sell", `/box-office/receipts/${encodeURIComponent(reference)}`);
  const r = await loadReceipt(await getDb(), viewer, reference).catch((err) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const money = (m: number) => formatMoney(m, r.currency);
  const at = formatShortDateTime(r.paidAt ?? r.createdAt, r.event.timezone, r.event.country);
  return (
    <article
      aria-label="Receipt"
      className="receipt-80mm mx-auto max-w-xs rounded-xl border border-stone-200 bg-white p-4 font-mono text-sm"
    >
      <h1 className="text-center text-base font-bold">{r.event.name}</h1>
      <p className="text-center">
        {r.event.venue}, {r.event.city}
      </p>
      <p className="mt-2 text-center font-bold">
        {r.receiptNumber ? `Receipt ${r.receiptNumber}` : r.status === "pending" ? "NOT PAID" : r.status.toUpperCase()}
      </p>
      {r.voided && <p className="text-center font-bold">VOID</p>}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2">
        <dt>Order</dt>
        <dd className="text-right">{r.reference}</dd>
        <dt>Time</dt>
        <dd className="text-right">{at}</dd>
        <dt>Cashier</dt>
        <dd className="text-right">{r.cashier}</dd>
        <dt>Shift</dt>
        <dd className="text-right">{r.shiftId.slice(-8).toUpperCase()}</dd>
      </dl>
      <hr className="my-2 border-dashed border-stone-400" />
      <ul>
        {r.items.map((i, n) => (
          <li key={n} className="flex justify-between gap-2">
            <span>
              {i.quantity} × {i.description}
            </span>
            <span>{money(i.totalMinor)}</span>
          </li>
        ))}
      </ul>
      <hr className="my-2 border-dashed border-stone-400" />
      <p className="flex justify-between font-bold">
        <span>Total</span>
        <span data-testid="receipt-total">{money(r.total)}</span>
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2">
        <dt>Paid by</dt>
        <dd className="text-right">{METHODS[r.method] ?? r.method}</dd>
        {r.gatewayReceipt && (
          <>
            <dt>M-Pesa receipt</dt>
            <dd className="text-right font-bold">{r.gatewayReceipt}</dd>
          </>
        )}
        {r.method === "cash" && r.tendered !== null && (
          <>
            <dt>Tendered</dt>
            <dd className="text-right">{money(r.tendered)}</dd>
            <dt>Change</dt>
            <dd className="text-right">{money(r.change ?? 0)}</dd>
          </>
        )}
        {r.refunded > 0 && (
          <>
            <dt>Refunded</dt>
            <dd className="text-right">{money(r.refunded)}</dd>
          </>
        )}
      </dl>
      <p className="mt-3 text-center">Thank you · Lango</p>
      <PrintButton />
    </article>
  );
}
