import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { removeFromWaitlist } from "@/lib/waitlist/offers";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const schema = z.object({ token: z.string().trim().min(1, "Missing token.").max(64) });

/** The e-mailed "leave the waiting list" link's button: the token is the proof. */
export const POST = apiRoute(async (req) => {
  const { token } = parseWith(schema, await readJson(req), "request");
  const left = await removeFromWaitlist(await getDb(), { leaveToken: token });
  return json(left, { headers: { "Cache-Control": "no-store" } });
});
