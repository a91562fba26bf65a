import { handleSimulatorRequest } from "@/lib/simulators/router";

// Simulators keep live in-memory state: never cache or prerender their answers.
export const dynamic = "force-dynamic";

function handle(req: Request): Promise<Response> {
  return handleSimulatorRequest(req, { appUrl: process.env.APP_URL ?? new URL(req.url).origin });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
