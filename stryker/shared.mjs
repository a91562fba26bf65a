/** What both Stryker runs share; each writes its own JSON report and incremental file under reports/. */
export function mutationConfig({
  name,
  vitestConfig,
  mutate,
  timeoutMS = 10_000,
  ignoreStatic = false,
  dryRunTimeoutMinutes = 5,
}) {
  return {
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: vitestConfig, related: true },
    checkers: [],
    mutate,
    coverageAnalysis: "perTest",
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
    timeoutMS,
    ignoreStatic,
    dryRunTimeoutMinutes,
    incremental: true,
    incrementalFile: `reports/mutation/stryker-incremental-${name}.json`,
    tempDirName: "reports/.stryker-tmp",
    ignorePatterns: ["/.next", "/.data", "/e2e", "/test-results", "/playwright-report", "/bench/results", "/reports"],
    reporters: ["clear-text", "json", "progress"],
    jsonReporter: {
      fileName: name === "unit" ? "reports/mutation/mutation.json" : `reports/mutation/mutation-${name}.json`,
    },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  };
}
