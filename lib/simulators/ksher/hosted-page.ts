/**
 * Ksher's aggregator page (`/ua?order_uuid=…`): the amount, the merchant's product, and one choice per
 * channel the merchant listed (a PromptPay QR to "scan", TrueMoney, a test card…). The tester picks an
 * outcome; the order settles, Ksher sends its webhook for a success, and the browser goes back to the
 * merchant's success or failure URL.
 */
import { escapeHtml, html, readForm, redirect } from "../http";
import { formatAmount, page } from "../html";
import { settleOrder } from "./settle";
import { currentStatus, findByUuid, type KsherOrder } from "./state";

const CHANNEL_NAMES: Record<string, string> = {
  promptpay: "PromptPay",
  truemoney: "TrueMoney Wallet",
  card: "Credit / debit card",
  linepay: "Rabbit LINE Pay",
  airpay: "ShopeePay",
  alipay: "Alipay",
  wechat: "WeChat Pay",
  atome: "Atome",
  scb_easy: "SCB EASY",
  bbl_deeplink: "Bualuang mBanking",
  baybank_deeplink: "KMA Krungsri",
  kplus: "K PLUS",
};

const channelName = (c: string) => CHANNEL_NAMES[c] ?? c;

/** What each channel's section says, as the real page would ask of the payer. */
function channelHint(c: string): string {
  if (c === "promptpay") return "Scan the PromptPay QR code with any Thai banking app.";
  if (c === "card") return "Test card 4111 1111 1111 1111 · 12/30 · 123";
  if (c === "truemoney") return "Approve in the TrueMoney app with your PIN.";
  return `Confirm in ${channelName(c)}.`;
}

interface PageContext {
  basePath: string;
}

const baht = (o: KsherOrder) => formatAmount(o.totalFee / 100, o.feeType);

export function showKsherPage(req: Request, ctx: PageContext): Response {
  const o = orderFromQuery(req);
  if (!o) return notFoundPage();
  const summary = `<div class="card"><div class="muted">Pay with Ksher</div><div class="amount">${escapeHtml(baht(o))}</div>
<dl><dt>Order</dt><dd>${escapeHtml(o.mchCode)}</dd><dt>Product</dt><dd>${escapeHtml(o.productName)}</dd></dl></div>`;
  const notice = statusNotice(o);
  const body = notice
    ? `${summary}<div class="card"><p>${escapeHtml(notice)}</p></div>`
    : `${summary}${choiceForm(o, ctx)}`;
  return html(page({ title: "Ksher Payment", body: `<h1>Ksher <span class="badge">simulator</span></h1>${body}` }));
}

function choiceForm(o: KsherOrder, ctx: PageContext): string {
  const action = `${ctx.basePath}/ksher/ua?order_uuid=${encodeURIComponent(o.uuid)}`;
  const sections = o.channels
    .map(
      (c, i) => `<section class="card${i === 0 ? " selected" : ""}"><h2>${escapeHtml(channelName(c))}</h2>
<p class="muted">${escapeHtml(channelHint(c))}</p>
<div class="row"><button class="${i === 0 ? "primary" : ""}" name="pay" value="${escapeHtml(c)}">Pay with ${escapeHtml(channelName(c))}</button></div></section>`,
    )
    .join("");
  const failWith = escapeHtml(o.channels[0] ?? "");
  const other = `<section class="card"><h2>Other outcomes</h2><div class="row">
<button class="danger" name="fail" value="${failWith}">Payment fails</button>
<button name="back" value="1">Cancel and go back</button></div></section>`;
  return `<form method="post" action="${escapeHtml(action)}">${sections}${other}</form>`;
}

export async function submitKsherPage(req: Request, ctx: PageContext): Promise<Response> {
  const o = orderFromQuery(req);
  if (!o) return notFoundPage();
  const form = await readForm(req);
  if (form.get("back")) return redirect(o.redirectUrlFail, 303);
  const pay = form.get("pay");
  const fail = form.get("fail");
  const channel = pay ?? fail ?? "";
  if (!o.channels.includes(channel)) {
    return html(
      page({ title: "Ksher Payment", body: `<div class="card"><p>Choose one of the payment buttons.</p></div>` }),
      400,
    );
  }
  // A settled order (double submit, back button) is not settled again; the browser goes where it went.
  settleOrder(o, pay ? { kind: "pay", channel } : { kind: "fail", channel });
  const status = currentStatus(o);
  if (status === "SUCCESS" || status === "REFUND") return redirect(o.redirectUrl, 303);
  if (status === "PAYERROR") return redirect(o.redirectUrlFail, 303);
  return showKsherPage(req, ctx);
}

function orderFromQuery(req: Request): KsherOrder | undefined {
  const uuid = new URL(req.url).searchParams.get("order_uuid");
  return uuid ? findByUuid(uuid) : undefined;
}

function statusNotice(o: KsherOrder): string | null {
  switch (currentStatus(o)) {
    case "SUCCESS":
    case "REFUND":
      return "This order has been paid.";
    case "PAYERROR":
      return "The payment for this order failed.";
    case "CLOSED":
      return "This order is closed and can no longer be paid.";
    default:
      return null;
  }
}

function notFoundPage(): Response {
  return html(
    page({ title: "Ksher Payment", body: `<h1>Ksher</h1><div class="card"><p>This order does not exist.</p></div>` }),
    404,
  );
}
