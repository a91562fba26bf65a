import { z } from "zod";

const trimmed = (max: number) => z.string().trim().min(1, "Required.").max(max, `At most ${max} characters.`);

export const attendeeSchema = z.object({
  name: z.string().trim().max(100, "At most 100 characters.").optional().default(""),
  email: z.union([z.literal(""), z.email("Enter a valid e-mail address.")]).optional(),
});

/** POST /api/orders, as DESIGN.md fixes it. Unknown keys (a client-sent price, say) are dropped. */
export const createOrderSchema = z.object({
  eventSlug: trimmed(120),
  items: z
    .array(
      z.object({
        ticketTypeId: trimmed(64),
        quantity: z.number("Quantity must be a number.").int("Quantity must be a whole number.").min(1, "Quantity must be at least 1.").max(1000, "Quantity is too large."),
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
      }),
    )
    .max(10)
    .default([]),
  buyer: z.object({
    name: trimmed(100),
    email: z.email("Enter a valid e-mail address.").max(200),
    phone: z.string().trim().min(5, "Enter your phone number.").max(32, "That phone number is too long."),
  }),
});

export type CreateOrderInput = z.input<typeof createOrderSchema>;
export type CreateOrderRequest = z.output<typeof createOrderSchema>;
