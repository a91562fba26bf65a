import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { resendTicketLinks } from "@/lib/email/resend-tickets";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { sourceIp } from "@/lib/http/notification-request";
import { requestLocale } from "@/lib/i18n/request-locale";
import { getTranslator } from "@/lib/i18n/translator";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const schema = z.object({ email: z.email("Enter a valid e-mail address.").max(200) });

export const POST = apiRoute(async (req) => {
  const { email } = parseWith(schema, await readJson(req), "request");
  await resendTicketLinks(await getDb(), email, sourceIp(req.headers));
  const t = await getTranslator(requestLocale(req));
  return json({ message: t("tickets.find.sent") }, { status: 202 });
});
