/**
 * All simulator state, kept in memory on `globalThis` so it survives Next's hot reload (which re-evaluates
 * modules but keeps the process). Nothing here is persisted: a restart is a fresh gateway.
 *
 * Gateway simulators keep their own records in a named slot (`gatewayState`) so a new simulator (MTN MoMo,
 * Airtel, …) adds state without this module learning its shape; `resetSimulators` clears every slot.
 */
import type { PromptEntry } from "./prompts";

/** Gateway ids as in DESIGN.md (cash has no wire, so no simulator). */
export const SIM_GATEWAYS = ["daraja", "dpo", "mtn-momo", "airtel", "flutterwave", "ksher"] as const;
export type SimGateway = (typeof SIM_GATEWAYS)[number];

export const FAULTS = [
  "none",
  "drop_callbacks",
  "duplicate_callbacks",
  "delay_callbacks",
  "http_500",
  "slow",
  "malformed",
] as const;
export type Fault = (typeof FAULTS)[number];

export const DARAJA_SANDBOX_SHORTCODE = "174379";
export const DARAJA_SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
export const DPO_SANDBOX_COMPANY_TOKEN = "9F416C11-127B-4DE2-AC7F-D5710E4C5E0A";

export interface SimSettings {
  /** How long an unanswered push prompt waits before it expires (Daraja: 1019). */
  promptTimeoutMs: number;
  /** How late notifications arrive under the `delay_callbacks` fault. */
  callbackDelayMs: number;
  /** How long API calls stall under the `slow` fault. */
  slowMs: number;
  /** Daraja access-token lifetime; also what `expires_in` reports. */
  darajaTokenTtlSeconds: number;
  /** Lipa na M-Pesa Online passkey per shortcode: the shortcodes the simulator knows as merchants. */
  darajaPasskeys: Record<string, string>;
  /** DPO company tokens the simulator accepts, with the merchant name the payment page shows. */
  dpoCompanies: Record<string, { name: string }>;
  /** DPO's "Payment Notification URL" (set in the real portal); null means `${appUrl}/api/callbacks/dpo`. */
  dpoNotificationUrl: string | null;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  responseBody?: string;
  error?: string;
}

export interface NotificationRecord {
  id: string;
  gateway: SimGateway;
  /** What the notification is, e.g. `stk-callback`, `b2c-result`, `push`. */
  kind: string;
  url: string;
  contentType: string;
  /** Extra request headers sent with it (Flutterwave's `verif-hash`), so a test can replay it exactly. */
  headers?: Record<string, string>;
  body: string;
  createdAt: string;
  /** The fault in force when it was produced: explains missing, late or repeated deliveries. */
  fault: Fault;
  deliveries: DeliveryAttempt[];
}

interface SimState {
  version: number;
  settings: SimSettings;
  faults: Record<SimGateway, Fault>;
  prompts: Map<string, PromptEntry>;
  notifications: NotificationRecord[];
  /** Timers that must not outlive a reset (prompt expiry, delayed notifications, async results). */
  timers: Set<ReturnType<typeof setTimeout>>;
  slots: Map<string, unknown>;
  /** Records saved before a restart that no simulator has picked up yet. */
  restored: Map<string, unknown>;
  /** Calls of `gatewayState`: see gatewaySlotTouches. */
  touches: number;
}

// Bumped when SimState's shape changes, so a hot reload replaces (rather than misreads) old state.
const STATE_VERSION = 3;
const GLOBAL_KEY = "__langoSimulators";
const MAX_NOTIFICATIONS = 500;

function positiveIntFromEnv(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Defaults, plus the app's own sandbox credentials when they are set, so its config works unchanged. */
export function defaultSettings(): SimSettings {
  const passkeys: Record<string, string> = { [DARAJA_SANDBOX_SHORTCODE]: DARAJA_SANDBOX_PASSKEY };
  const shortcode = process.env.DARAJA_SHORTCODE?.trim();
  const passkey = process.env.DARAJA_PASSKEY?.trim();
  if (shortcode && passkey) passkeys[shortcode] = passkey;

  const companies: Record<string, { name: string }> = {
    [DPO_SANDBOX_COMPANY_TOKEN]: { name: "Lango Events (DPO sandbox)" },
  };
  const companyToken = process.env.DPO_COMPANY_TOKEN?.trim();
  if (companyToken) companies[companyToken] = { name: "Lango Events" };

  return {
    promptTimeoutMs: positiveIntFromEnv("SIM_PROMPT_TIMEOUT_MS", 60_000),
    callbackDelayMs: 5_000,
    slowMs: 8_000,
    darajaTokenTtlSeconds: 3599,
    darajaPasskeys: passkeys,
    dpoCompanies: companies,
    dpoNotificationUrl: null,
  };
}

function freshState(): SimState {
  return {
    version: STATE_VERSION,
    settings: defaultSettings(),
    faults: Object.fromEntries(SIM_GATEWAYS.map((g) => [g, "none"])) as Record<SimGateway, Fault>,
    prompts: new Map(),
    notifications: [],
    timers: new Set(),
    slots: new Map(),
    restored: new Map(),
    touches: 0,
  };
}

/** The one state object; created on first use. */
export function simState(): SimState {
  const g = globalThis as unknown as Record<string, SimState | undefined>;
  const current = g[GLOBAL_KEY];
  if (current && current.version === STATE_VERSION) return current;
  const created = freshState();
  g[GLOBAL_KEY] = created;
  return created;
}

/**
 * A simulator's private records, created by `init` on first use (and again after a reset). Records kept
 * from before a restart are passed to `revive`, which drops whatever only made sense in the old process
 * (locks held by prompts that no longer exist, say).
 */
export function gatewayState<T>(name: string, init: () => T, revive: (saved: T) => T = (saved) => saved): T {
  const state = simState();
  state.touches++;
  if (!state.slots.has(name)) {
    const saved = state.restored.get(name) as T | undefined;
    state.restored.delete(name);
    state.slots.set(name, saved === undefined ? init() : revive(saved));
  }
  return state.slots.get(name) as T;
}

/**
 * How many times a simulator has opened its records: every change to them begins with `gatewayState`, so
 * an unchanged count means nothing to save (ledger-file.ts).
 */
export function gatewaySlotTouches(): number {
  return simState().touches;
}

/** The gateways' own records, for keeping them across restarts (ledger-file.ts). */
export function snapshotGatewaySlots(): Record<string, unknown> {
  const state = simState();
  return { ...Object.fromEntries(state.restored), ...Object.fromEntries(state.slots) };
}

/** Hands back records saved by snapshotGatewaySlots; each simulator revives its own on first use. */
export function restoreGatewaySlots(saved: Record<string, unknown>): void {
  const state = simState();
  for (const [name, value] of Object.entries(saved)) if (!state.slots.has(name)) state.restored.set(name, value);
}

export function settings(): SimSettings {
  return simState().settings;
}

export function updateSettings(patch: Partial<SimSettings>): SimSettings {
  const state = simState();
  state.settings = { ...state.settings, ...patch };
  return state.settings;
}

export function getFault(gateway: SimGateway): Fault {
  return simState().faults[gateway];
}

export function setFault(gateway: SimGateway, fault: Fault): void {
  simState().faults[gateway] = fault;
}

export function allFaults(): Record<SimGateway, Fault> {
  return { ...simState().faults };
}

export function recordNotification(record: NotificationRecord): void {
  const list = simState().notifications;
  list.push(record);
  // A long dev session should not grow without bound; tests never come near this.
  if (list.length > MAX_NOTIFICATIONS) list.splice(0, list.length - MAX_NOTIFICATIONS);
}

export function notifications(): readonly NotificationRecord[] {
  return simState().notifications;
}

/** setTimeout that a reset cancels; unref'd so a test process is never kept alive by a simulator. */
export function schedule(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timers = simState().timers;
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timer.unref?.();
  timers.add(timer);
  return timer;
}

export function cancelScheduled(timer: ReturnType<typeof setTimeout> | undefined): void {
  if (!timer) return;
  clearTimeout(timer);
  simState().timers.delete(timer);
}

/** Forgets everything: prompts, tokens, receipts, faults, notifications, settings. */
export function resetSimulators(): void {
  const g = globalThis as unknown as Record<string, SimState | undefined>;
  const old = g[GLOBAL_KEY];
  if (old) for (const t of old.timers) clearTimeout(t);
  const fresh = freshState();
  // Counting on, not from zero, so the ledger sees the reset as a change and saves the emptied records.
  fresh.touches = (old?.touches ?? 0) + 1;
  g[GLOBAL_KEY] = fresh;
}
