import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { clientIp } from "@/lib/http/client-ip";
import { joinWaitlist, joinWaitlistSchema } from "@/lib/waitlist/join";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const input = parseWith(joinWaitlistSchema, await readJson(req), "waiting-list request");
  const joined = await joinWaitlist(await getDb(), slug, input, clientIp(req.headers));
  return Response.json(joined, { status: 201, headers: { "Cache-Control": "no-store" } });
});
