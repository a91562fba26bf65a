import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { clientBucket } from "@/lib/http/client-ip";
import { requestLocale } from "@/lib/i18n/request-locale";
import { joinWaitlist, joinWaitlistSchema } from "@/lib/waitlist/join";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const input = parseWith(joinWaitlistSchema, await readJson(req), "waiting-list request");
  // The language the buyer is reading the event page in: the list's e-mails to them are written in it.
  const joined = await joinWaitlist(await getDb(), slug, input, clientBucket(req.headers), new Date(), {
    lang: requestLocale(req),
  });
  return json(joined, { status: 201, headers: { "Cache-Control": "no-store" } });
});
