import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { listOrderTickets } from "./views";

/** The e-mailed ticket link's secret: base64url, 32 characters. Anything else is not worth a query. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * A paid order's tickets by the secret in its e-mailed link. The lookup is on the unique token column,
 * and a wrong token answers exactly like a missing order.
 */
export async function ticketsByAccessToken(db: Db, token: string) {
  const order = TOKEN.test(token)
    ? await db.order.findUnique({
        where: { accessToken: token },
        include: {
          event: true,
          promoCode: { select: { code: true } },
          items: { orderBy: { id: "asc" } },
          payments: { where: { status: { in: ["succeeded", "refunded"] } }, orderBy: { succeededAt: "asc" } },
        },
      })
    : null;
  if (!order) throw notFound("not_found", "These tickets do not exist, or the link is incomplete.");
  return { order, tickets: await listOrderTickets(db, order.id) };
}
