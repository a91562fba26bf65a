import "server-only";
import { getDb } from "../db/client";
import { isUnstorableText } from "../db/errors";
import { errorResponse } from "../http/api";
import { BodyTooLargeError } from "../http/body";
import { toNotificationRequest } from "../http/notification-request";
import { handleNotification } from "./notifications";
import { paymentsEnv, type PaymentsEnv } from "./registry";
import { json } from "../http/json";

/** The whole of a gateway notification route: the gateway gets exactly the answer it expects. */
export async function notificationRoute(
  req: Request,
  gateway: string,
  kind?: string,
  env: PaymentsEnv = paymentsEnv(),
): Promise<Response> {
  try {
    // The body first: one over the limit is refused before it costs a database connection.
    const notification = await toNotificationRequest(req, kind);
    const result = await handleNotification(await getDb(), gateway, notification, env);
    if (!result) return json({ error: { code: "not_found", message: "Unknown gateway." } }, { status: 404 });
    return new Response(result.ack.body, {
      status: result.ack.status,
      headers: { "Content-Type": result.ack.contentType },
    });
  } catch (err) {
    if (err instanceof BodyTooLargeError) return errorResponse(err);
    // A body the database cannot even log (a NUL byte) is no gateway's: refuse it for good.
    if (isUnstorableText(err))
      return json(
        { error: { code: "invalid_input", message: "The notification contains characters that are not allowed." } },
        { status: 400 },
      );
    // 5xx tells a gateway that retries to try again later; the reconciler covers those that do not.
    console.error(JSON.stringify({ level: "error", msg: "notification failed", gateway, kind, err: String(err) }));
    return json({ error: { code: "internal_error", message: "Could not process the notification." } }, { status: 503 });
  }
}
