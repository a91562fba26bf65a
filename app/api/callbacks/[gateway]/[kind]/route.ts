import { notificationRoute } from "@/lib/payments/notification-route";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ gateway: string; kind: string }> }) {
  const { gateway, kind } = await params;
  return notificationRoute(req, gateway, kind);
}
