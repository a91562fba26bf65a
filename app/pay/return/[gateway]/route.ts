import { getDb } from "@/lib/db/client";
import { paymentsEnv } from "@/lib/payments/registry";
import { returnFromGateway } from "@/lib/payments/return-from-gateway";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ gateway: string }> }) {
  const { gateway } = await params;
  const url = new URL(req.url);
  const env = paymentsEnv();
  const to = await returnFromGateway(await getDb(), gateway, url.searchParams, env);
  return Response.redirect(new URL(to, env.appUrl), 303);
}
