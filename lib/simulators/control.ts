/**
 * The simulator control API (`/sim/api/…`, JSON): what tests and the e2e suite use to play the payer,
 * break a gateway on purpose, inspect what the simulators sent, and read the e-mail a recipient got.
 */
import { z } from "zod";
import { getDb } from "../db/client";
import { listReceipts } from "./daraja/state";
import { controlError, json, readText } from "./http";
import { isDeliverableUrl } from "./notify";
import { answerPrompt, pendingPrompts, PROMPT_OUTCOMES } from "./prompts";
import {
  allFaults,
  FAULTS,
  notifications,
  resetSimulators,
  setFault,
  settings,
  SIM_GATEWAYS,
  updateSettings,
} from "./store";

const outcomeBody = z.object({ outcome: z.enum(PROMPT_OUTCOMES) });
const faultBody = z.object({ gateway: z.enum(SIM_GATEWAYS), fault: z.enum(FAULTS) });
const settingsBody = z
  .object({
    promptTimeoutMs: z.number().int().positive().max(3_600_000),
    callbackDelayMs: z.number().int().nonnegative().max(600_000),
    slowMs: z.number().int().nonnegative().max(600_000),
    darajaTokenTtlSeconds: z.number().int().positive().max(86_400),
    darajaPasskeys: z.record(z.string().regex(/^\d{5,7}$/), z.string().min(1)),
    dpoCompanies: z.record(z.string().min(1), z.object({ name: z.string().min(1).max(100) })),
    dpoNotificationUrl: z.string().url().nullable(),
  })
  .partial()
  .strict();

export async function handleControl(req: Request, path: string, ctx: { appUrl: string }): Promise<Response> {
  const route = path.replace(/\/+$/, "");
  const method = req.method;

  if (route === "/prompts" && method === "GET") {
    const url = new URL(req.url);
    const phone = url.searchParams.get("phone") ?? undefined;
    return json(
      // expiresAt: when the phone stops taking an answer, so a test can hold the app's countdown to it.
      pendingPrompts({ phone }).map(({ id, gateway, phone, amount, currency, reference, expiresAt }) => ({
        id,
        gateway,
        phone,
        amount,
        currency,
        reference,
        expiresAt,
      })),
    );
  }

  const promptMatch = /^\/prompts\/([^/]+)$/.exec(route);
  if (promptMatch && method === "POST") {
    const body = await readBody(req, outcomeBody);
    if (!body.ok) return body.response;
    const answer = answerPrompt(decodeURIComponent(promptMatch[1]), body.value.outcome);
    if (!answer.ok && answer.reason === "not_found") return controlError(404, "not_found", "No such prompt.");
    if (!answer.ok) return controlError(409, "already_answered", "The prompt was already answered or expired.");
    return json({ ok: true });
  }

  if (route === "/faults") {
    if (method === "GET") return json(allFaults());
    if (method === "POST") {
      const body = await readBody(req, faultBody);
      if (!body.ok) return body.response;
      setFault(body.value.gateway, body.value.fault);
      return json({ ok: true, faults: allFaults() });
    }
  }

  if (route === "/settings") {
    if (method === "GET") return json(settings());
    if (method === "POST") {
      const body = await readBody(req, settingsBody);
      if (!body.ok) return body.response;
      const pushUrl = body.value.dpoNotificationUrl;
      if (pushUrl && !isDeliverableUrl(pushUrl, ctx.appUrl)) {
        return controlError(
          400,
          "invalid_input",
          "dpoNotificationUrl must be on the app's own origin or this machine.",
        );
      }
      return json(updateSettings(body.value));
    }
  }

  if (route === "/notifications" && method === "GET") {
    const gateway = new URL(req.url).searchParams.get("gateway");
    return json(notifications().filter((n) => !gateway || n.gateway === gateway));
  }

  if (route === "/receipts" && method === "GET") return json(listReceipts());

  if (route === "/mailbox" && method === "GET") return mailbox(new URL(req.url).searchParams.get("to"));

  if (route === "/reset" && method === "POST") {
    resetSimulators();
    return json({ ok: true });
  }

  return controlError(404, "not_found", "No such simulator endpoint.");
}

const mailboxAddress = z.email().max(200);

/**
 * The simulated mailbox: the outbox messages sent to one address, newest first, as plain text — what the
 * recipient would find in their inbox, so a test (or a demo) can follow a sign-in link the way a person
 * does instead of reading it where an admin cannot.
 */
async function mailbox(to: string | null): Promise<Response> {
  const address = mailboxAddress.safeParse(to?.trim().toLowerCase());
  if (!address.success) return controlError(400, "invalid_input", "Name the mailbox: ?to=<e-mail address>.");
  const db = await getDb();
  // Addresses are stored as typed (a checkout's "Wanjiku@Example.com"): compare without case.
  const messages = await db.$queryRaw<
    { id: string; kind: string; subject: string; text: string; status: string; createdAt: Date }[]
  >`
    SELECT "id", "kind", "subject", "text", "status"::text AS "status", "createdAt" FROM "EmailOutbox"
    WHERE lower("to") = ${address.data} ORDER BY "createdAt" DESC, "id" DESC LIMIT 50`;
  return json({
    to: address.data,
    messages: messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() })),
  });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

async function readBody<T extends z.ZodType>(req: Request, schema: T): Promise<Parsed<z.infer<T>>> {
  let value: unknown;
  try {
    value = JSON.parse(await readText(req));
  } catch {
    return { ok: false, response: controlError(400, "invalid_json", "The request body must be JSON.") };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      ok: false,
      response: controlError(400, "invalid_input", `Invalid request: ${where}${issue?.message ?? "invalid"}`),
    };
  }
  return { ok: true, value: parsed.data };
}
