"use client";

import { QRCodeSVG } from "qrcode.react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatMoney, parseMajorUnits } from "@/lib/money";
import { request } from "./request";

export interface TillEvent {
  slug: string;
  name: string;
  currency: string;
  gateways: { id: string; displayName: string; flow: string }[];
}

export interface OpenShift {
  shiftId: string;
  eventSlug: string;
  float: number;
  currency: string;
  openedAt: string;
}

interface TicketType {
  id: string;
  name: string;
  price: number;
  currency: string;
  available: number;
}

interface Sale {
  reference: string;
  status: string;
  total: number;
  currency: string;
  gateway: string;
  tendered?: number;
  change?: number;
  paymentId?: string;
  paymentStatus?: string;
  failureReason?: string;
  gatewayReceipt?: string;
  receiptNumber?: string;
  receiptUrl: string;
  paybill?: { businessNumber: string; account: string };
  tickets?: { id: string; attendeeName: string; ticketType: string | null; code: string; checkedInAt: string | null }[];
  admit: boolean;
  voided: boolean;
}

interface CashUp {
  currency: string;
  float: number;
  cashSales: number;
  cashRefunds: number;
  expectedCash: number;
  countedCash: number;
  difference: number;
  totals: Record<string, number>;
  sales: number;
  tickets: number;
}

const EVENT_KEY = "lango.box-office.event";
const big = "min-h-14 text-lg";
const field = "mt-1 block w-full rounded-lg border border-stone-300 px-3 py-3 text-lg";
const UNSURE =
  "No connection: the till cannot tell whether the sale went through. Tap Sell again when the network is back; it will not be sold twice.";

const newKey = () => crypto.randomUUID().replaceAll("-", "");
const label = (id: string, gateways: TillEvent["gateways"]) =>
  id === "cash" ? "Cash" : id === "daraja" ? "M-Pesa" : (gateways.find((g) => g.id === id)?.displayName ?? id);

/**
 * The box office till, for a phone or tablet held in one hand: pick the event (remembered), open a shift
 * with a float, ring up sales (cash with change, M-Pesa by prompt or paybill, any other gateway the event
 * offers), hand over the receipt and tickets, and close the shift with the cash counted.
 */
export function Till({ events, initialShifts }: { events: TillEvent[]; initialShifts: OpenShift[] }) {
  const [slug, setSlug] = useState(events[0]?.slug ?? "");
  const [shifts, setShifts] = useState(initialShifts);
  const [closed, setClosed] = useState<CashUp | null>(null);

  useEffect(() => {
    const remembered = window.localStorage.getItem(EVENT_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the remembered event exists only in the browser
    if (remembered && events.some((e) => e.slug === remembered)) setSlug(remembered);
  }, [events]);

  const event = events.find((e) => e.slug === slug);
  const shift = shifts.find((s) => s.eventSlug === slug);
  if (!event) return <Alert tone="warning">No event is on sale.</Alert>;

  return (
    <div className="space-y-4">
      <label className="block text-base font-medium">
        Event
        <select
          className={field}
          value={slug}
          onChange={(e) => {
            setSlug(e.target.value);
            setClosed(null);
            window.localStorage.setItem(EVENT_KEY, e.target.value);
          }}
        >
          {events.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      {closed && <CashUpView cashUp={closed} />}
      {shift ? (
        <SaleScreen
          key={shift.shiftId}
          event={event}
          shift={shift}
          onClosed={(cashUp) => {
            setClosed(cashUp);
            setShifts((all) => all.filter((s) => s.shiftId !== shift.shiftId));
          }}
        />
      ) : (
        <OpenShiftForm
          event={event}
          onOpened={(s) => {
            setClosed(null);
            setShifts((all) => [...all, s]);
          }}
        />
      )}
    </div>
  );
}

function OpenShiftForm({ event, onOpened }: { event: TillEvent; onOpened: (s: OpenShift) => void }) {
  const [float, setFloat] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const open = async () => {
    const minor = float.trim() === "" ? 0 : parseMajorUnits(float, event.currency);
    if (minor === null) return setError(`Enter the float in ${event.currency}, such as 5000.`);
    setBusy(true);
    const res = await request<{ shiftId: string }>("/api/box-office/shifts", { eventSlug: event.slug, float: minor });
    setBusy(false);
    if (res.ok)
      return onOpened({
        shiftId: res.data.shiftId,
        eventSlug: event.slug,
        float: minor,
        currency: event.currency,
        openedAt: new Date().toISOString(),
      });
    if (res.error.code === "shift_already_open") return window.location.reload();
    setError(res.status === 0 ? "No connection. Try again." : res.error.message);
  };
  return (
    <section aria-labelledby="open-shift" className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
      <h2 id="open-shift" className="text-lg font-semibold">
        Open a shift
      </h2>
      <label className="block">
        Cash float in the drawer ({event.currency})
        <input className={field} inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
      </label>
      {error && <Alert tone="error">{error}</Alert>}
      <Button className={`w-full ${big}`} disabled={busy} onClick={open}>
        Open shift
      </Button>
    </section>
  );
}

function SaleScreen({
  event,
  shift,
  onClosed,
}: {
  event: TillEvent;
  shift: OpenShift;
  onClosed: (cashUp: CashUp) => void;
}) {
  const [types, setTypes] = useState<TicketType[]>([]);
  const [cart, setCart] = useState<Record<string, number>>({});
  const [buyer, setBuyer] = useState({ name: "", email: "", phone: "" });
  const [method, setMethod] = useState("cash");
  const [tendered, setTendered] = useState("");
  const [admit, setAdmit] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [sale, setSale] = useState<Sale | null>(null);
  // One key per sale as rung up: a retry after a lost answer reuses it; any change to the sale starts a new one.
  const key = useRef<string | null>(null);

  const loadTypes = useCallback(async () => {
    const res = await request<{ ticketTypes: TicketType[] }>(`/api/events/${event.slug}`);
    if (res.ok) setTypes(res.data.ticketTypes);
  }, [event.slug]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- seats left are read from the API on open
    void loadTypes();
  }, [loadTypes]);
  useEffect(() => {
    key.current = null;
  }, [cart, buyer, method, tendered, admit]);

  const total = types.reduce((sum, t) => sum + t.price * (cart[t.id] ?? 0), 0);
  const count = Object.values(cart).reduce((a, b) => a + b, 0);
  const tenderedMinor = tendered.trim() ? parseMajorUnits(tendered, event.currency) : null;
  const change = tenderedMinor !== null ? tenderedMinor - total : null;
  const money = (m: number) => formatMoney(m, event.currency);

  const submit = async () => {
    setError("");
    const items = Object.entries(cart)
      .filter(([, q]) => q > 0)
      .map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }));
    const payment =
      method === "cash"
        ? { gateway: "cash", tendered: tenderedMinor ?? -1 }
        : method === "paybill"
          ? { gateway: "daraja", method: "paybill" }
          : { gateway: method, ...(buyer.phone && { phone: buyer.phone }) };
    if (method === "cash" && (tenderedMinor === null || tenderedMinor < total))
      return setError(`Enter the cash tendered: at least ${money(total)}.`);
    key.current ??= newKey();
    setBusy(true);
    const res = await request<Sale>("/api/box-office/sales", {
      shiftId: shift.shiftId,
      items,
      buyer,
      payment,
      admit,
      idempotencyKey: key.current,
    });
    setBusy(false);
    if (res.ok) {
      setSale(res.data);
      return;
    }
    if (res.status === 0 || res.error.code === "sale_in_progress") return setError(UNSURE);
    setError(res.error.message);
    void loadTypes();
  };

  const next = () => {
    setSale(null);
    setCart({});
    setBuyer({ name: "", email: "", phone: "" });
    setTendered("");
    key.current = null;
    void loadTypes();
  };

  if (sale) return <SaleResult initial={sale} event={event} buyerPhone={buyer.phone} onNext={next} />;

  return (
    <div className="space-y-4">
      <section aria-labelledby="tickets-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="tickets-heading" className="text-lg font-semibold">
          Tickets
        </h2>
        <ul className="mt-2 divide-y divide-stone-200">
          {types.map((t) => {
            const q = cart[t.id] ?? 0;
            return (
              <li key={t.id} className="flex items-center justify-between gap-3 py-3">
                <span>
                  <span className="block font-semibold">{t.name}</span>
                  <span className="text-sm text-stone-600">
                    {money(t.price)} · {t.available - q} left
                  </span>
                </span>
                <span className="flex items-center gap-2">
                  <Button
                    variant="secondary"
                    className="h-14 w-14 text-2xl"
                    aria-label={`Remove one ${t.name}`}
                    disabled={q === 0}
                    onClick={() => setCart({ ...cart, [t.id]: q - 1 })}
                  >
                    −
                  </Button>
                  <span role="status" aria-label={`${t.name} quantity`} className="w-8 text-center text-xl font-bold">
                    {q}
                  </span>
                  <Button
                    variant="secondary"
                    className="h-14 w-14 text-2xl"
                    aria-label={`Add one ${t.name}`}
                    disabled={q >= t.available}
                    onClick={() => setCart({ ...cart, [t.id]: q + 1 })}
                  >
                    +
                  </Button>
                </span>
              </li>
            );
          })}
        </ul>
        <p className="mt-2 text-right text-xl font-bold" data-testid="sale-total">
          {count} {count === 1 ? "ticket" : "tickets"} · {money(total)}
        </p>
      </section>

      <details className="rounded-xl border border-stone-200 bg-white p-4">
        <summary className="cursor-pointer text-base font-semibold">Buyer (optional)</summary>
        <label className="mt-2 block">
          Name
          <input className={field} value={buyer.name} onChange={(e) => setBuyer({ ...buyer, name: e.target.value })} />
        </label>
        <label className="mt-2 block">
          E-mail (the tickets are sent there)
          <input
            className={field}
            type="email"
            value={buyer.email}
            onChange={(e) => setBuyer({ ...buyer, email: e.target.value })}
          />
        </label>
      </details>

      <fieldset className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Payment</legend>
        <div className="grid grid-cols-2 gap-2">
          {[
            "cash",
            ...(event.gateways.some((g) => g.id === "daraja") ? ["daraja", "paybill"] : []),
            ...event.gateways.filter((g) => g.id !== "cash" && g.id !== "daraja").map((g) => g.id),
          ].map((m) => (
            <Button
              key={m}
              variant={method === m ? "primary" : "secondary"}
              className={big}
              aria-pressed={method === m}
              onClick={() => setMethod(m)}
            >
              {m === "daraja" ? "M-Pesa prompt" : m === "paybill" ? "M-Pesa paybill" : label(m, event.gateways)}
            </Button>
          ))}
        </div>
        {method === "cash" && (
          <label className="block">
            Cash tendered ({event.currency})
            <input
              className={field}
              inputMode="decimal"
              value={tendered}
              onChange={(e) => setTendered(e.target.value)}
            />
            {change !== null && (
              <span
                className={`mt-2 block text-2xl font-bold ${change < 0 ? "text-red-800" : ""}`}
                data-testid="change"
              >
                {change < 0 ? `Short by ${money(-change)}` : `Change ${money(change)}`}
              </span>
            )}
          </label>
        )}
        {method !== "cash" && method !== "paybill" && (
          <label className="block">
            Buyer&apos;s phone (gets the payment prompt)
            <input
              className={field}
              type="tel"
              inputMode="tel"
              value={buyer.phone}
              onChange={(e) => setBuyer({ ...buyer, phone: e.target.value })}
            />
          </label>
        )}
        <label className="flex items-center gap-3 text-base">
          <input type="checkbox" className="h-6 w-6" checked={admit} onChange={(e) => setAdmit(e.target.checked)} />
          Sell and admit (check the tickets in now)
        </label>
      </fieldset>

      {error && <Alert tone="error">{error}</Alert>}
      <Button className={`w-full ${big}`} disabled={busy || count === 0} onClick={submit}>
        {busy ? "Selling…" : `Sell · ${money(total)}`}
      </Button>

      <CloseShift shift={shift} onClosed={onClosed} />
    </div>
  );
}

function SaleResult({
  initial,
  event,
  buyerPhone,
  onNext,
}: {
  initial: Sale;
  event: TillEvent;
  buyerPhone: string;
  onNext: () => void;
}) {
  const [sale, setSale] = useState(initial);
  const [note, setNote] = useState("");
  const [tendered, setTendered] = useState("");
  const [phone, setPhone] = useState(buyerPhone);
  const money = (m: number) => formatMoney(m, sale.currency);
  const pending = sale.status === "pending";

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      const res = await request<Sale>(`/api/box-office/sales/${sale.reference}`);
      if (res.ok) setSale(res.data);
    }, 2000);
    return () => clearInterval(timer);
  }, [pending, sale.reference]);

  const retry = async (payment: unknown) => {
    setNote("");
    const res = await request<Sale>(`/api/box-office/sales/${sale.reference}/payments`, { payment });
    if (res.ok) setSale(res.data);
    else setNote(res.status === 0 ? "No connection. Try again." : res.error.message);
  };
  const voidIt = async () => {
    const reason = window.prompt("Why is this sale voided?");
    if (!reason) return;
    const res = await request<Sale>(`/api/box-office/sales/${sale.reference}/void`, { reason });
    if (res.ok) setSale(res.data);
    else setNote(res.status === 0 ? "No connection. Try again." : res.error.message);
  };

  return (
    <section aria-labelledby="sale-heading" className="space-y-4" aria-live="polite">
      <div
        className={`rounded-xl border p-4 ${sale.status === "paid" ? "border-brand-600 bg-brand-50" : "border-stone-200 bg-white"}`}
      >
        <h2 id="sale-heading" className="text-2xl font-bold">
          {sale.voided
            ? "Voided"
            : sale.status === "paid"
              ? "Paid"
              : pending
                ? "Waiting for payment…"
                : `Not paid (${sale.status})`}
        </h2>
        <p className="mt-1 text-lg">
          <span data-testid="sale-reference">{sale.reference}</span> · {money(sale.total)} ·{" "}
          {label(sale.gateway, event.gateways)}
        </p>
        {sale.change !== undefined && sale.status === "paid" && (
          <p className="mt-2 text-3xl font-bold" data-testid="sale-change">
            Change {money(sale.change)}
          </p>
        )}
        {sale.gatewayReceipt && sale.gateway !== "cash" && (
          <p className="mt-2 text-lg">
            M-Pesa receipt <span className="font-mono font-bold">{sale.gatewayReceipt}</span>
          </p>
        )}
        {pending && sale.paybill && (
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-stone-100 p-3 text-2xl">
            <dt className="text-base text-stone-600">Paybill</dt>
            <dd className="font-mono font-bold tracking-wider">{sale.paybill.businessNumber}</dd>
            <dt className="text-base text-stone-600">Account</dt>
            <dd className="font-mono font-bold tracking-wider">{sale.paybill.account}</dd>
            <dt className="text-base text-stone-600">Amount</dt>
            <dd className="font-bold">{money(sale.total)}</dd>
          </dl>
        )}
        {pending && !sale.paybill && (
          <p className="mt-2 text-base">
            {sale.failureReason ??
              "The buyer's phone shows a payment prompt: they enter their PIN. This screen updates by itself."}
          </p>
        )}
      </div>
      {note && <Alert tone="error">{note}</Alert>}
      {pending && (
        <div className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
          {sale.gateway !== "cash" && !sale.paybill && (
            <div className="flex flex-wrap items-end gap-2">
              <label className="grow">
                Phone
                <input className={field} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
              </label>
              <Button variant="secondary" className={big} onClick={() => retry({ gateway: sale.gateway, phone })}>
                Resend prompt
              </Button>
            </div>
          )}
          <div className="flex flex-wrap items-end gap-2">
            <label className="grow">
              Cash tendered ({sale.currency})
              <input
                className={field}
                inputMode="decimal"
                value={tendered}
                onChange={(e) => setTendered(e.target.value)}
              />
            </label>
            <Button
              variant="secondary"
              className={big}
              onClick={() => retry({ gateway: "cash", tendered: parseMajorUnits(tendered, sale.currency) ?? -1 })}
            >
              Switch to cash
            </Button>
          </div>
        </div>
      )}
      {sale.tickets && sale.tickets.length > 0 && (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Tickets">
          {sale.tickets.map((t) => (
            <li key={t.id} className="rounded-xl border border-stone-200 bg-white p-3 text-center">
              <QRCodeSVG
                value={t.code}
                size={200}
                level="M"
                marginSize={4}
                className="mx-auto"
                role="img"
                title={`QR code of the ${t.ticketType ?? "ticket"} ticket`}
              />
              <p className="mt-1 font-semibold">{t.ticketType ?? "Ticket"}</p>
              {t.checkedInAt && <p className="text-sm text-brand-700">Admitted</p>}
            </li>
          ))}
        </ul>
      )}
      <div className="grid grid-cols-2 gap-2">
        {sale.status !== "pending" && (
          <a
            href={sale.receiptUrl}
            target="_blank"
            rel="noopener"
            className="inline-flex min-h-14 items-center justify-center rounded-lg border border-stone-300 bg-white text-lg font-semibold"
          >
            Receipt
          </a>
        )}
        {!sale.voided && (sale.status === "paid" || pending) && (
          <Button variant="secondary" className={big} onClick={voidIt}>
            Void
          </Button>
        )}
        <Button className={`col-span-2 ${big}`} onClick={onNext}>
          New sale
        </Button>
      </div>
    </section>
  );
}

function CloseShift({ shift, onClosed }: { shift: OpenShift; onClosed: (cashUp: CashUp) => void }) {
  const [counted, setCounted] = useState("");
  const [error, setError] = useState("");
  const close = async () => {
    const minor = parseMajorUnits(counted || "0", shift.currency);
    if (minor === null) return setError(`Enter the cash counted in ${shift.currency}.`);
    const res = await request<CashUp>(`/api/box-office/shifts/${shift.shiftId}/close`, { countedCash: minor });
    if (res.ok) onClosed(res.data);
    else setError(res.status === 0 ? "No connection. Try again." : res.error.message);
  };
  return (
    <details className="rounded-xl border border-stone-200 bg-white p-4">
      <summary className="cursor-pointer text-base font-semibold">Close shift</summary>
      <p className="mt-2 text-sm text-stone-600">
        Opened {new Date(shift.openedAt).toLocaleTimeString()} with a float of{" "}
        {formatMoney(shift.float, shift.currency)}.
      </p>
      <label className="mt-2 block">
        Cash counted in the drawer ({shift.currency})
        <input className={field} inputMode="decimal" value={counted} onChange={(e) => setCounted(e.target.value)} />
      </label>
      {error && <Alert tone="error">{error}</Alert>}
      <Button className={`mt-3 w-full ${big}`} onClick={close}>
        Close shift and cash up
      </Button>
    </details>
  );
}

function CashUpView({ cashUp }: { cashUp: CashUp }) {
  const money = (m: number) => formatMoney(m, cashUp.currency);
  const rows: [string, string][] = [
    ["Float", money(cashUp.float)],
    ["Cash sales", money(cashUp.cashSales)],
    ["Cash refunds", money(cashUp.cashRefunds)],
    ["Expected cash", money(cashUp.expectedCash)],
    ["Counted cash", money(cashUp.countedCash)],
    ["Difference", money(cashUp.difference)],
    ...Object.entries(cashUp.totals).map(([g, v]): [string, string] => [
      `Total ${g === "daraja" ? "M-Pesa" : g}`,
      money(v),
    ]),
    ["Sales", String(cashUp.sales)],
    ["Tickets", String(cashUp.tickets)],
  ];
  return (
    <section aria-labelledby="cash-up" className="rounded-xl border border-brand-600 bg-brand-50 p-4">
      <h2 id="cash-up" className="text-lg font-semibold">
        Shift closed: cash-up
      </h2>
      <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-lg">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt>{k}</dt>
            <dd className="text-right font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
