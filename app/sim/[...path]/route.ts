import { readEnv } from "@/lib/env";
import { handleSimulatorRequest } from "@/lib/simulators/router";

// Simulators keep live in-memory state: never cache or prerender their answers.
export const dynamic = "force-dynamic";

function handle(req: Request): Promise<Response> {
  // APP_URL (or its default), not the request's origin: that comes from a Host header anyone can set, and
  // the simulators trust this origin as a destination for what they send.
  return handleSimulatorRequest(req, { appUrl: readEnv().APP_URL });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
