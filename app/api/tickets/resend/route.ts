import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { resendTicketLinks } from "@/lib/email/resend-tickets";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { sourceIp } from "@/lib/http/notification-request";

export const dynamic = "force-dynamic";

const schema = z.object({ email: z.email("Enter a valid e-mail address.").max(200) });

export const POST = apiRoute(async (req) => {
  const { email } = parseWith(schema, await readJson(req), "request");
  await resendTicketLinks(await getDb(), email, sourceIp(req.headers));
  return Response.json(
    {
      message:
        "If that address has tickets, we have sent the links to it. Check your inbox (and spam) in a few minutes.",
    },
    { status: 202 },
  );
});
