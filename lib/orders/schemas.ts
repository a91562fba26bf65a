import { z } from "zod";
import { answersSchema } from "../questions/schemas";

const trimmed = (max: number) => z.string().trim().min(1, "Required.").max(max, `At most ${max} characters.`);

export const attendeeSchema = z.object({
  name: z.string().trim().max(100, "At most 100 characters.").optional().default(""),
  email: z.union([z.literal(""), z.email("Enter a valid e-mail address.")]).optional(),
  /** Answers to the event's attendee-scoped checkout questions, by question id. */
  answers: answersSchema.optional(),
});

/** An extra for a booth (power, internet, furniture), named by id or by the event's code; priced by the server. */
export const boothAddonSchema = z
  .object({
    addonId: z.string().trim().min(1).max(64).optional(),
    code: z.string().trim().min(1).max(64).optional(),
    quantity: z
      .number("Quantity must be a number.")
      .int("Quantity must be a whole number.")
      .min(1, "Quantity must be at least 1.")
      .max(20, "At most 20."),
  })
  .refine((a) => a.addonId || a.code, { message: "Name the add-on by addonId or code.", path: ["addonId"] });

/** POST /api/orders, as DESIGN.md fixes it. Unknown keys (a client-sent price, say) are dropped. */
export const createOrderSchema = z.object({
  eventSlug: trimmed(120),
  items: z
    .array(
      z.object({
        ticketTypeId: trimmed(64),
        quantity: z
          .number("Quantity must be a number.")
          .int("Quantity must be a whole number.")
          .min(1, "Quantity must be at least 1.")
          .max(1000, "Quantity is too large."),
        attendees: z.array(attendeeSchema).max(1000).optional(),
      }),
    )
    .max(50)
    .default([]),
  booths: z
    .array(
      z.object({
        boothId: trimmed(64),
        company: trimmed(160),
        requirements: z.string().trim().max(2000).optional(),
        // Additive to DESIGN.md: the person on the stand (the buyer when absent) and priced extras.
        contactName: z.string().trim().max(100, "At most 100 characters.").optional(),
        addons: z.array(boothAddonSchema).max(20).default([]),
      }),
    )
    .max(10)
    .default([]),
  buyer: z.object({
    name: trimmed(100),
    email: z.email("Enter a valid e-mail address.").max(200),
    phone: z.string().trim().min(5, "Enter your phone number.").max(32, "That phone number is too long."),
  }),
  // Any case, spaces around: normalised where it is looked up. Empty means none.
  promoCode: z.string().trim().max(40, "That promo code is too long.").optional(),
  /** A waiting-list offer (the e-mailed `?offer=` link): the order takes over the seats it holds. */
  offerCode: z.string().trim().min(1).max(64).optional(),
  /** Answers to the event's order-scoped checkout questions, by question id. */
  answers: answersSchema.optional(),
});

export type CreateOrderInput = z.input<typeof createOrderSchema>;
export type CreateOrderRequest = z.output<typeof createOrderSchema>;
