export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Live mode without AUTH_SECRET would mean forgeable staff sessions: refuse to start.
  const { assertAuthConfigured } = await import("./lib/auth/secret");
  assertAuthConfigured();
  const { startServer } = await import("./lib/jobs/background");
  await startServer();
}
