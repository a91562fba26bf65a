import { z } from "zod";
import { GATEWAY_IDS } from "../payments/types";

/** An amount in the event currency's minor unit (cents, or shillings for UGX), as the whole API speaks money. */
const minor = (what: string) =>
  z
    .number(`${what} must be a number in minor units.`)
    .int(`${what} must be a whole number of minor units (cents).`)
    .min(0, `${what} cannot be negative.`)
    .max(1_000_000_000_00, `${what} is too large.`);

const id = z.string().trim().min(1, "Required.").max(64);

/** POST /api/box-office/shifts */
export const openShiftSchema = z.object({
  eventSlug: z.string().trim().min(1, "Choose an event.").max(120),
  float: minor("The float"),
});

/** POST /api/box-office/shifts/{id}/close */
export const closeShiftSchema = z.object({ countedCash: minor("The counted cash") });

const phone = z.string().trim().min(5, "Enter the buyer's phone number.").max(32, "That phone number is too long.");

/**
 * How the buyer pays: cash with the amount tendered, or a gateway the event offers (M-Pesa by STK push
 * to `phone`, or by paybill with `method: "paybill"`; other push gateways likewise take a phone).
 */
export const salePaymentSchema = z.union([
  z.object({ gateway: z.literal("cash"), tendered: minor("The amount tendered") }),
  z.object({
    gateway: z.enum(GATEWAY_IDS.filter((g) => g !== "cash") as [string, ...string[]], "Choose a way to pay."),
    phone: phone.optional(),
    method: z.string().trim().max(40).optional(),
  }),
]);

/** POST /api/box-office/sales */
export const saleSchema = z.object({
  shiftId: id,
  items: z
    .array(
      z.object({
        ticketTypeId: id,
        quantity: z.number().int("Quantity must be a whole number.").min(1, "At least 1.").max(200, "At most 200."),
      }),
    )
    .min(1, "Choose at least one ticket.")
    .max(20),
  buyer: z
    .object({
      name: z.string().trim().max(100, "At most 100 characters.").optional().default(""),
      email: z
        .union([z.literal(""), z.email("Enter a valid e-mail address.").max(200)])
        .optional()
        .default(""),
      phone: z
        .union([z.literal(""), phone])
        .optional()
        .default(""),
    })
    .optional()
    .default({ name: "", email: "", phone: "" }),
  payment: salePaymentSchema,
  /** "Sell and admit": check the tickets in as soon as the sale is paid. */
  admit: z.boolean().optional().default(false),
  /** Chosen by the till per sale: a retried request with the same key sells once and gets the first answer. */
  idempotencyKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "idempotencyKey: 8 to 64 letters, digits, - or _."),
});

/** POST /api/box-office/sales/{reference}/payments: resend the prompt, or switch to cash. */
export const retryPaymentSchema = z.object({ payment: salePaymentSchema });

/** POST /api/box-office/sales/{reference}/void */
export const voidSchema = z.object({
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(200, "At most 200 characters."),
});

export type SaleInput = z.output<typeof saleSchema>;
export type SalePayment = z.output<typeof salePaymentSchema>;
