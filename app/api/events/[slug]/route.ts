import { getEventDetail } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { requestLocale } from "@/lib/i18n/request-locale";
import { publicClientKey } from "@/lib/orders/order-limits";
import { withPromo } from "@/lib/promo/event-promo";
import { tooManyPromoMisses } from "@/lib/promo/guesses";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const db = await getDb();
  // The organiser's Kiswahili texts for ?lang=sw (or the lang cookie, or Accept-Language), else their own.
  const lang = requestLocale(req);
  const now = new Date();
  // The internal id stays inside; callers address events by slug.
  const { id, ...event } = await getEventDetail(db, slug, now, lang);
  // ?promo=CODE: the hidden ticket types the code unlocks, and whether it works (the event page's island asks).
  const promo = new URL(req.url).searchParams.get("promo")?.slice(0, 40).trim();
  if (!promo) return json(event);
  // Misses count against the same client as at POST /api/orders, so guessing here or there adds up.
  const answer = await withPromo(db, id, event, promo, now, lang, publicClientKey(req.headers));
  // A client that has guessed too often is refused outright, as POST /api/orders refuses it.
  if (answer.promo.error?.code === "rate_limited") throw tooManyPromoMisses();
  return json(answer);
});
