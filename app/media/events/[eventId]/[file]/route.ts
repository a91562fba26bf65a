import { getDb } from "@/lib/db/client";
import { readEventImage } from "@/lib/catalog/event-image";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * An uploaded event picture. The URL names the bytes' hash, so browsers, link-preview crawlers and any
 * CDN in front may keep it for a year: a new upload is a new URL.
 */
export const GET = apiRoute(async (_req, { params }: { params: Promise<{ eventId: string; file: string }> }) => {
  const { eventId, file } = await params;
  const image = await readEventImage(await getDb(), eventId, file);
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
});
