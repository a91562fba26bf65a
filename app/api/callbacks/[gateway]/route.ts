import { notificationRoute } from "@/lib/payments/notification-route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ gateway: string }> };

export async function POST(req: Request, { params }: Ctx) {
  return notificationRoute(req, (await params).gateway);
}

// MTN MoMo may deliver its callback with PUT.
export const PUT = POST;
