import { timingSafeEqual, createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { reconcile } from "@/lib/payments/reconciler";
import { paymentsEnv } from "@/lib/payments/registry";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** For an external scheduler: `Authorization: Bearer $CRON_SECRET`. The app also runs this every 30 s. */
export const POST = apiRoute(async (req) => {
  const secret = process.env.CRON_SECRET?.trim();
  if (!secret) throw new AppError("forbidden", "Set CRON_SECRET to enable this endpoint.");
  const given = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!timingSafeEqual(digest(given), digest(secret)))
    throw new AppError("unauthorized", "Wrong or missing bearer token.");
  return json(await reconcile(await getDb(), paymentsEnv()));
});
