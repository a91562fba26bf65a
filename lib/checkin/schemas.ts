import { z } from "zod";
import { MAX_CODE_LENGTH } from "../tickets/signing";

/** A gate phone's clock may run a little ahead of the server's; more than this is a wrong clock. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Offline scans are synced within the event, not replayed weeks later. */
const MAX_OFFLINE_AGE_MS = 7 * 24 * 60 * 60_000;

const optionalText = (max: number) => z.string().trim().min(1).max(max, `At most ${max} characters.`).optional();

/**
 * POST /api/checkin, as DESIGN.md fixes it, plus an optional `eventId` for a scanner bound to one event
 * (a ticket of another event then answers `wrong_event`).
 */
export const checkinRequestSchema = z.object({
  // A code longer than any Lango writes is still a scan to answer ("invalid"), not a malformed request.
  code: z
    .string("Send the scanned code.")
    .trim()
    .min(1, "Send the scanned code.")
    .max(MAX_CODE_LENGTH * 10, "That is not a ticket code."),
  gate: optionalText(60),
  deviceId: optionalText(100),
  scanId: optionalText(100),
  eventId: optionalText(64),
  // A scan made offline and synced later: when it really happened, and what the phone decided then.
  scannedAt: z.iso
    .datetime({ offset: true, message: "scannedAt must be an ISO date and time." })
    .transform((s) => new Date(s))
    .refine(
      (d) => d.getTime() <= Date.now() + MAX_CLOCK_AHEAD_MS,
      "scannedAt is in the future: check the phone's clock.",
    )
    .refine((d) => d.getTime() >= Date.now() - MAX_OFFLINE_AGE_MS, "scannedAt is more than 7 days ago.")
    .optional(),
  offline: z.literal(true).optional(),
  localResult: z.enum(["ok", "already_checked_in", "invalid", "not_paid", "revoked", "wrong_event"]).optional(),
});

export type CheckinRequest = z.infer<typeof checkinRequestSchema>;
