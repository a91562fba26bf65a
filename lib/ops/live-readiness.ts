import "server-only";
import { envProblems, isDemoEmail } from "../env";
import { DEV_SECRET } from "../auth/secret";
import { SIMULATOR_CALLBACK_TOKEN } from "../payments/gateways/daraja/config";
import { FLUTTERWAVE_SIMULATOR } from "../payments/gateways/flutterwave/config";
import { parseSigningKey } from "../tickets/keys";
import commonPasswords from "./common-passwords.json";

type Env = Record<string, string | undefined>;

/** Session secret: anyone who guesses it can mint an admin session. */
export const MIN_SECRET_LENGTH = 32;
/** Webhook hashes and callback-URL tokens: the only thing that tells a gateway's notification from a forgery. */
export const MIN_TOKEN_LENGTH = 24;
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** Values we choose ourselves and compare verbatim against what a caller sends. Gateway API keys are the gateways' to judge. */
const TOKENS = ["FLUTTERWAVE_SECRET_HASH", "DARAJA_CALLBACK_TOKEN", "CRON_SECRET"] as const;

const COMMON = new Set<string>(commonPasswords);
const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

/** Adjacent on the keyboard or in character order (ab, 21, aa, qw): what a person types instead of random. */
function stepsLikeASequence(a: string, b: string): boolean {
  if (Math.abs(a.charCodeAt(0) - b.charCodeAt(0)) <= 1) return true;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return KEYBOARD_ROWS.some((row) => {
    const i = row.indexOf(x);
    return i >= 0 && (row[i + 1] === y || row[i - 1] === y);
  });
}

/** The shortest unit the value is a repetition of ("abcabcabc" → 3; a value that does not repeat → its length). */
function period(chars: string[]): number {
  for (let p = 1; p < chars.length; p++) {
    if (chars.every((c, i) => c === chars[i % p])) return p;
  }
  return chars.length;
}

const characters = (n: number) => `${n} ${n === 1 ? "character" : "characters"}`;

function bitsPerChar(chars: string[]): number {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  return -[...counts.values()].reduce((sum, n) => sum + (n / chars.length) * Math.log2(n / chars.length), 0);
}

/**
 * Why a value is far easier to guess than its length suggests, or null. Catches what people type when
 * asked for a secret (one key held down, a pattern repeated, a run of the alphabet or the keyboard), not
 * every weak value: length and the common-password list do the rest.
 */
export function predictability(value: string, minDistinct: number): string | null {
  const chars = [...value];
  const distinct = new Set(chars).size;
  if (distinct < minDistinct) return `uses only ${distinct} different ${distinct === 1 ? "character" : "characters"}`;
  if (period(chars) <= chars.length / 2) return "repeats a short pattern";
  const steps = chars.slice(1).filter((c, i) => stepsLikeASequence(chars[i], c)).length;
  // Random hex steps to a neighbour about one time in five; two in three is what a typed run looks like.
  if (steps >= ((chars.length - 1) * 2) / 3) return "is mostly a run such as abcd, 1234 or qwerty";
  // Random base64 or hex of this length carries 3.5–5 bits per character; a few characters repeated over and over far less.
  if (chars.length >= MIN_TOKEN_LENGTH && bitsPerChar(chars) < 2.5) return "is mostly the same few characters";
  return null;
}

/** Problems with a random secret or token (generated, never typed): too short or predictable. */
/**
 * Secrets printed in this repository (development and simulator defaults, the bench's): long and random
 * enough to pass every other check, and known to anyone who has read the source.
 */
const PUBLISHED_SECRETS = new Set<string>([
  DEV_SECRET,
  SIMULATOR_CALLBACK_TOKEN,
  FLUTTERWAVE_SIMULATOR.secretHash,
  "bench-auth-secret-0123456789abcdefghijklmnop",
]);

export function secretProblems(name: string, value: string, minLength: number): string[] {
  const fix = `use at least ${minLength} random characters (openssl rand -hex ${minLength})`;
  if (PUBLISHED_SECRETS.has(value)) return [`${name} is a value published in Lango's source: ${fix}.`];
  if (value.length < minLength) return [`${name} is ${characters(value.length)} long: ${fix}.`];
  // 24 random hex characters show 12–13 different ones on average; fewer than 6 is one draw in millions.
  const why = predictability(value, 6);
  return why ? [`${name} ${why}: ${fix}.`] : [];
}

/** The forms a common password hides in: P@ssw0rd2024! is password. */
function commonForms(password: string): string[] {
  const lower = password.toLowerCase();
  const unleet = lower
    .replace(/[@4]/g, "a")
    .replace(/3/g, "e")
    .replace(/[1!|]/g, "i")
    .replace(/0/g, "o")
    .replace(/[$5]/g, "s")
    .replace(/7/g, "t");
  const trimmed = (s: string) => s.replace(/^[^a-z]+|[^a-z]+$/g, "");
  return [
    lower,
    unleet,
    trimmed(lower),
    trimmed(unleet),
    unleet.replace(/i/g, "l"),
    trimmed(unleet.replace(/i/g, "l")),
  ];
}

/** Problems with the admin password, which a person chooses (and an attacker tries first). */
export function adminPasswordProblems(password: string, email?: string): string[] {
  const fix = `choose a passphrase of at least ${MIN_ADMIN_PASSWORD_LENGTH} characters that is not a common password`;
  if (password.length < MIN_ADMIN_PASSWORD_LENGTH)
    return [`ADMIN_PASSWORD is ${characters(password.length)} long: ${fix}.`];
  const lower = password.toLowerCase();
  const local = email?.split("@")[0]?.toLowerCase() ?? "";
  let why: string | null = null;
  if (commonForms(password).some((form) => COMMON.has(form))) why = "is a common password";
  else if (lower.includes("lango")) why = "contains the product's name";
  else if (local.length >= 3 && lower.includes(local)) why = "contains the admin's e-mail name";
  else why = predictability(password, 5);
  return why ? [`ADMIN_PASSWORD ${why}: ${fix}.`] : [];
}

function signingKeyProblems(text: string): string[] {
  let seed: Buffer;
  try {
    seed = Buffer.from(parseSigningKey(text).export({ format: "jwk" }).d!, "base64url");
  } catch (err) {
    return [`${(err as Error).message} Generate one with: openssl genpkey -algorithm ed25519.`];
  }
  // 32 random bytes have about 30 different values; a hand-made key (all zeros, 0x01 0x02 …) has few or runs.
  const bytes = [...seed].map((b) => String.fromCharCode(b));
  const why = predictability(bytes.join(""), 16);
  return why
    ? [`TICKET_SIGNING_KEY is not random (its key ${why}): generate one with openssl genpkey -algorithm ed25519.`]
    : [];
}

/**
 * Everything that makes a live deployment unsafe to start, one line each, with the fix; [] when it may
 * start (and always in simulator mode, which never holds real money or real attendees). Never repeats
 * a secret's value.
 */
export function liveConfigProblems(env: Env = process.env): string[] {
  const get = (name: string) => env[name]?.trim() || undefined;
  if (get("PAYMENTS_MODE") !== "live") return [];
  const problems: string[] = [];
  const judged = new Set(["AUTH_SECRET", "ADMIN_PASSWORD", ...TOKENS]);
  for (const p of envProblems(env))
    if (!judged.has(p.variable)) problems.push(`${p.variable} is invalid: ${p.message}.`);

  const authSecret = get("AUTH_SECRET");
  if (!authSecret)
    problems.push(
      `AUTH_SECRET is not set: live mode needs it to sign sessions; set at least ${MIN_SECRET_LENGTH} random characters (openssl rand -hex ${MIN_SECRET_LENGTH}).`,
    );
  else problems.push(...secretProblems("AUTH_SECRET", authSecret, MIN_SECRET_LENGTH));

  const [adminEmail, adminPassword] = [get("ADMIN_EMAIL"), env.ADMIN_PASSWORD];
  if (adminEmail && isDemoEmail(adminEmail))
    problems.push(`ADMIN_EMAIL is a demo address: set the real admin's e-mail.`);
  if (adminPassword) problems.push(...adminPasswordProblems(adminPassword, adminEmail));
  if (Boolean(adminEmail) !== Boolean(adminPassword?.trim())) {
    problems.push(
      "ADMIN_EMAIL and ADMIN_PASSWORD go together: set both (the account is created or updated at start) or neither.",
    );
  }

  for (const name of TOKENS) {
    const value = get(name);
    if (value) problems.push(...secretProblems(name, value, MIN_TOKEN_LENGTH));
  }
  const signingKey = get("TICKET_SIGNING_KEY");
  if (signingKey) problems.push(...signingKeyProblems(signingKey));
  return problems;
}

/**
 * What a live deployment may start with but should know about, one line each. Without TRUST_PROXY a route
 * cannot see a client's address, so every per-client limit either counts all clients as one or is off:
 * right for a server exposed directly, wrong behind the reverse proxy most deployments have.
 */
export function liveConfigWarnings(env: Env = process.env): string[] {
  if (env.PAYMENTS_MODE?.trim() !== "live" || env.TRUST_PROXY?.trim()) return [];
  return [
    "TRUST_PROXY is not set: clients cannot be told apart, so per-client limits (orders and holds per address, payment starts, promo-code guesses, order lookups) count everyone as one client or are off. Behind a reverse proxy that appends to X-Forwarded-For, set TRUST_PROXY=true.",
  ];
}

/** Throws the problems of liveConfigProblems, one per line, so start-up can print them and exit. */
export function assertLiveReady(env: Env = process.env): void {
  const problems = liveConfigProblems(env);
  if (problems.length) throw new Error(problems.join("\n"));
}
