export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startBackgroundJobs } = await import("./lib/jobs/background");
  try {
    await startBackgroundJobs();
  } catch (err) {
    // A second process on the same embedded database, or an unreachable server: say so and stop.
    console.error(`\n[lango] ${(err as Error).message}\n`);
    process.exit(1);
  }
}
