import { z } from "zod";
import { MAX_CODE_LENGTH } from "../tickets/signing";

const optionalText = (max: number) => z.string().trim().min(1).max(max, `At most ${max} characters.`).optional();

/**
 * POST /api/checkin, as DESIGN.md fixes it, plus an optional `eventId` for a scanner bound to one event
 * (a ticket of another event then answers `wrong_event`).
 */
export const checkinRequestSchema = z.object({
  // A code longer than any Lango writes is still a scan to answer ("invalid"), not a malformed request.
  code: z.string("Send the scanned code.").trim().min(1, "Send the scanned code.").max(MAX_CODE_LENGTH * 10, "That is not a ticket code."),
  gate: optionalText(60),
  deviceId: optionalText(100),
  scanId: optionalText(100),
  eventId: optionalText(64),
});

export type CheckinRequest = z.infer<typeof checkinRequestSchema>;
