/**
 * The virtual phone (`/sim/phone`): every pending push prompt, whichever gateway sent it, with the
 * payer's possible answers as form buttons. No script — the app's CSP forbids it and forms suffice; the
 * page refreshes itself every 2 s so new prompts appear.
 */
import { formatAmount, page } from "./html";
import { escapeHtml, html, readForm, redirect } from "./http";
import {
  answerPrompt,
  pendingPrompts,
  PROMPT_OUTCOMES,
  recentPrompts,
  type Prompt,
  type PromptOutcome,
} from "./prompts";

const GATEWAY_NAMES: Record<string, string> = {
  daraja: "M-Pesa",
  dpo: "DPO Pay",
  "mtn-momo": "MTN MoMo",
  airtel: "Airtel Money",
  flutterwave: "Flutterwave",
  ksher: "Ksher",
};

const BUTTONS: { outcome: PromptOutcome; label: string; style: string }[] = [
  { outcome: "approve", label: "Approve (enter PIN)", style: "primary" },
  { outcome: "wrong_pin", label: "Wrong PIN", style: "" },
  { outcome: "decline", label: "Decline", style: "danger" },
  { outcome: "insufficient_funds", label: "Insufficient funds", style: "" },
  { outcome: "timeout", label: "Ignore (timeout)", style: "" },
];

const RESOLUTION_LABELS: Record<string, string> = {
  approve: "approved",
  wrong_pin: "wrong PIN",
  decline: "declined",
  insufficient_funds: "insufficient funds",
  timeout: "ignored (timeout)",
  expired: "expired unanswered",
};

export function showPhone(req: Request, basePath: string): Response {
  const filter = new URL(req.url).searchParams.get("phone")?.trim() || undefined;
  const pending = pendingPrompts({ phone: filter });
  const recent = recentPrompts(5, filter);
  const cards = pending.length
    ? pending.map((p) => promptCard(p, basePath, filter)).join("")
    : `<div class="card muted">No prompts waiting${filter ? ` for ${escapeHtml(filter)}` : ""}. Start a payment and it appears here.</div>`;
  const history = recent.length
    ? `<h2>Recent</h2><div class="card"><ul>${recent
        .map(
          (p) =>
            `<li>${escapeHtml(GATEWAY_NAMES[p.gateway] ?? p.gateway)} ${escapeHtml(formatAmount(p.amount, p.currency))} · ${escapeHtml(p.reference)} — ${escapeHtml(RESOLUTION_LABELS[p.resolution ?? ""] ?? p.resolution)}</li>`,
        )
        .join("")}</ul></div>`
    : "";
  const filterForm = `<form method="get" action="${escapeHtml(`${basePath}/phone`)}" class="card">
<label for="phone">Show prompts for one number</label><input id="phone" name="phone" inputmode="tel" value="${escapeHtml(filter ?? "")}">
<div class="row"><button>Filter</button></div></form>`;
  return html(
    page({
      title: "Virtual phone",
      refreshSeconds: 2,
      body: `<h1>Virtual phone <span class="badge">simulator</span></h1>${cards}${history}${filterForm}`,
    }),
  );
}

function promptCard(p: Prompt, basePath: string, filter: string | undefined): string {
  const action = `${basePath}/phone/prompts/${encodeURIComponent(p.id)}`;
  const buttons = BUTTONS.map(
    (b) => `<button class="${b.style}" name="outcome" value="${b.outcome}">${escapeHtml(b.label)}</button>`,
  ).join("");
  return `<form method="post" action="${escapeHtml(action)}" class="card">
<div class="muted">${escapeHtml(GATEWAY_NAMES[p.gateway] ?? p.gateway)} · to ${escapeHtml(p.phone)}</div>
<div class="amount">${escapeHtml(formatAmount(p.amount, p.currency))}</div>
<div>Account ${escapeHtml(p.reference)}</div>${p.description ? `<div class="muted">${escapeHtml(p.description)}</div>` : ""}
${filter ? `<input type="hidden" name="phone" value="${escapeHtml(filter)}">` : ""}
<div class="row">${buttons}</div></form>`;
}

/** A button press: answer the prompt (if still pending) and go back to the list. */
export async function answerFromPhone(req: Request, promptId: string, basePath: string): Promise<Response> {
  const form = await readForm(req);
  const outcome = form.get("outcome");
  if (outcome && (PROMPT_OUTCOMES as readonly string[]).includes(outcome)) {
    // An already-answered or expired prompt is simply gone from the list on return: nothing to report.
    answerPrompt(promptId, outcome as PromptOutcome);
  }
  const phone = form.get("phone")?.trim();
  return redirect(`${basePath}/phone${phone ? `?phone=${encodeURIComponent(phone)}` : ""}`, 303);
}
