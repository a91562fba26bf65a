/**
 * Push prompts: the "enter your PIN" screen a gateway shows on the payer's phone (M-Pesa STK, MTN MoMo,
 * Airtel USSD push, DPO mobile money). They are gateway-neutral so every push simulator shares the
 * virtual phone and the control API; the gateway decides what an outcome means through `onOutcome`.
 */
import { randomId } from "./ids";
import { cancelScheduled, schedule, settings, simState, type SimGateway } from "./store";

export const PROMPT_OUTCOMES = ["approve", "decline", "insufficient_funds", "timeout", "wrong_pin"] as const;
/** What the payer can do with a prompt. */
export type PromptOutcome = (typeof PROMPT_OUTCOMES)[number];
/** An outcome, or `expired` when nobody answered before the prompt's time ran out. */
export type PromptResolution = PromptOutcome | "expired";

export interface Prompt {
  id: string;
  gateway: SimGateway;
  /** The number as the gateway received it (no normalisation: the control API reports it verbatim). */
  phone: string;
  /** Major units, as the gateway sees it (5000 for KES 5,000). */
  amount: number;
  currency: string;
  reference: string;
  /** Optional extra line for the phone screen, e.g. the merchant name. */
  description?: string;
  createdAt: string;
  expiresAt: string;
  status: "pending" | "resolved";
  resolution?: PromptResolution;
  resolvedAt?: string;
}

export interface OpenPromptInput {
  gateway: SimGateway;
  phone: string;
  amount: number;
  currency: string;
  reference: string;
  description?: string;
  /** Defaults to the `promptTimeoutMs` setting (env SIM_PROMPT_TIMEOUT_MS, 60 s). */
  timeoutMs?: number;
  /**
   * Called once, when the payer answers or the prompt expires. Errors are logged, never surfaced to
   * whoever pressed the button: the gateway side effect (a callback) is the simulator's business.
   */
  onOutcome: (resolution: PromptResolution, prompt: Prompt) => void | Promise<void>;
}

export interface PromptEntry {
  prompt: Prompt;
  onOutcome: OpenPromptInput["onOutcome"];
  timer?: ReturnType<typeof setTimeout>;
}

export function openPrompt(input: OpenPromptInput): Prompt {
  const now = Date.now();
  const timeoutMs = input.timeoutMs ?? settings().promptTimeoutMs;
  const prompt: Prompt = {
    id: randomId("pr_"),
    gateway: input.gateway,
    phone: input.phone,
    amount: input.amount,
    currency: input.currency,
    reference: input.reference,
    ...(input.description !== undefined && { description: input.description }),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + timeoutMs).toISOString(),
    status: "pending",
  };
  const entry: PromptEntry = { prompt, onOutcome: input.onOutcome };
  entry.timer = schedule(() => resolve(prompt.id, "expired"), timeoutMs);
  const prompts = simState().prompts;
  prompts.set(prompt.id, entry);
  forgetOldAnswers(prompts);
  return prompt;
}

const KEEP_ANSWERED = 100;

/** Answered prompts are kept only for the phone's "Recent" list; a long dev session must not pile them up. */
function forgetOldAnswers(prompts: Map<string, PromptEntry>): void {
  const answered = [...prompts.values()].filter((e) => e.prompt.status === "resolved");
  // Map order is insertion order, so the first ones are the oldest.
  for (const e of answered.slice(0, Math.max(0, answered.length - KEEP_ANSWERED))) prompts.delete(e.prompt.id);
}

export type AnswerResult = { ok: true; prompt: Prompt } | { ok: false; reason: "not_found" | "already_answered" };

/** The payer's answer (from the phone page or the control API). */
export function answerPrompt(id: string, outcome: PromptOutcome): AnswerResult {
  return resolve(id, outcome);
}

function resolve(id: string, resolution: PromptResolution): AnswerResult {
  const entry = simState().prompts.get(id);
  if (!entry) return { ok: false, reason: "not_found" };
  if (entry.prompt.status !== "pending") return { ok: false, reason: "already_answered" };
  cancelScheduled(entry.timer);
  entry.prompt.status = "resolved";
  entry.prompt.resolution = resolution;
  entry.prompt.resolvedAt = new Date().toISOString();
  const prompt = { ...entry.prompt };
  Promise.resolve()
    .then(() => entry.onOutcome(resolution, prompt))
    .catch((err: unknown) => {
      console.error(
        JSON.stringify({ level: "error", msg: "simulator prompt outcome failed", promptId: id, err: String(err) }),
      );
    });
  return { ok: true, prompt };
}

/** Pending prompts, oldest first. */
export function pendingPrompts(filter: { phone?: string; gateway?: SimGateway } = {}): Prompt[] {
  return [...simState().prompts.values()]
    .map((e) => e.prompt)
    .filter((p) => p.status === "pending")
    .filter((p) => !filter.gateway || p.gateway === filter.gateway)
    .filter((p) => !filter.phone || samePhone(p.phone, filter.phone))
    .map((p) => ({ ...p }));
}

/** The last few answered prompts, newest first, so the phone page can show what just happened. */
export function recentPrompts(limit: number, phone?: string): Prompt[] {
  return [...simState().prompts.values()]
    .map((e) => e.prompt)
    .filter((p) => p.status === "resolved" && (!phone || samePhone(p.phone, phone)))
    .sort((a, b) => (b.resolvedAt ?? "").localeCompare(a.resolvedAt ?? ""))
    .slice(0, limit)
    .map((p) => ({ ...p }));
}

/** The phone filter is typed by a person: "0712 345 678" should find the prompt sent to 254712345678. */
function samePhone(a: string, b: string): boolean {
  const digits = (s: string) => s.replace(/\D/g, "");
  const local = (s: string) => digits(s).replace(/^(254|255|256|250|260|233|234|0)/, "");
  const da = digits(a);
  const db = digits(b);
  return da === db || (local(a).length >= 7 && local(a) === local(b));
}
