import { z } from "zod";

export const startPaymentSchema = z.object({
  gateway: z.string().trim().min(1, "Choose how to pay.").max(32),
  phone: z.string().trim().max(32).optional(),
  method: z.string().trim().max(32).optional(),
});
