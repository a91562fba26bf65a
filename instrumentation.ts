export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Refuses (exits) on an unsafe live configuration, e.g. no AUTH_SECRET, before anyone is served.
  const { startServer } = await import("./lib/jobs/background");
  await startServer();
}
