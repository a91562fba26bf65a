"use server";

import { revalidatePath } from "next/cache";
import {
  cancelOrder,
  markCashPaid,
  refundOrder,
  resendOrderTickets,
  settleRefund,
  type ActionOutcome,
  type Actor,
} from "@/lib/admin/order-actions";
import { releaseUnpaidHolds } from "@/lib/admin/release-holds";
import { requireRole } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { paymentsEnv } from "@/lib/payments/registry";

export type OrderActionState = { tone: ActionOutcome["tone"]; message: string; fields?: Record<string, string> } | null;

/**
 * Every action checks the role itself (a page's guard does not protect a posted action), and
 * destructive ones need the form's confirmation box ticked, checked here rather than trusted to the
 * browser's `required`.
 */
async function run(
  form: FormData,
  opts: { confirm?: string },
  act: (db: Db, actor: Actor, input: Record<string, FormDataEntryValue>) => Promise<ActionOutcome>,
): Promise<OrderActionState> {
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    if (opts.confirm && form.get("confirm") !== "on")
      return { tone: "error", message: opts.confirm, fields: { confirm: opts.confirm } };
    const input = Object.fromEntries(form);
    const outcome = await act(await getDb(), actor, input);
    revalidatePath(`/admin/orders/${String(input.reference ?? "")}`);
    return { tone: outcome.tone, message: outcome.message };
  } catch (err) {
    if (err instanceof AppError) return { tone: "error", message: err.message, fields: err.fields };
    throw err;
  }
}

export async function refundAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  return run(form, { confirm: "Tick the box to confirm the refund." }, (db, actor, input) =>
    refundOrder(db, actor, input, paymentsEnv()),
  );
}

export async function cancelAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  return run(form, { confirm: "Tick the box to confirm the cancellation." }, (db, actor, input) =>
    cancelOrder(db, actor, input, paymentsEnv()),
  );
}

export async function cashPaidAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  return run(form, { confirm: "Tick the box to confirm you have received the cash." }, (db, actor, input) =>
    markCashPaid(db, actor, input, paymentsEnv()),
  );
}

export async function resendTicketsAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  return run(form, {}, (db, actor, input) => resendOrderTickets(db, actor, input));
}

/** Releases an event's unpaid holds in bulk; releaseUnpaidHolds checks the confirmation (and the role again, for its other callers). */
export async function releaseHoldsAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  try {
    const session = await currentSession();
    await requireRole(session, ["admin"]);
    const outcome = await releaseUnpaidHolds(await getDb(), session, Object.fromEntries(form));
    revalidatePath("/admin/orders");
    return { tone: outcome.tone, message: outcome.message };
  } catch (err) {
    if (err instanceof AppError) return { tone: "error", message: err.message, fields: err.fields };
    throw err;
  }
}

export async function settleRefundAction(_prev: OrderActionState, form: FormData): Promise<OrderActionState> {
  return run(form, { confirm: "Tick the box to confirm what the gateway's records show." }, (db, actor, input) =>
    settleRefund(db, actor, input),
  );
}
