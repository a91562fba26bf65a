/**
 * Prints each mutated module's Stryker score against its goal (issue 19) from a Stryker JSON report, lists
 * the mutants that no test noticed in modules below their goal, and fails when any module is below it.
 *
 *   tsx scripts/mutation-scores.ts reports/mutation/mutation.json
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** The gateway transforms are mostly field-by-field request builders: 85 %; everything else on the money, ticket and gate paths: 90 %. */
export function goalFor(file: string): number {
  return /^lib\/payments\/gateways\/[^/]+\/transform\.ts$/.test(file) ? 85 : 90;
}

type Status =
  "Killed" | "Timeout" | "Survived" | "NoCoverage" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

interface Report {
  files: Record<
    string,
    {
      mutants: {
        status: Status;
        mutatorName: string;
        replacement?: string;
        location: { start: { line: number; column: number } };
      }[];
    }
  >;
}

export interface ModuleScore {
  file: string;
  detected: number;
  undetected: number;
  /** Stryker's mutation score: detected (killed or timed out) ÷ valid mutants, counting those no test runs. */
  score: number;
  goal: number;
  survivors: string[];
}

export function moduleScores(report: Report, root = process.cwd()): ModuleScore[] {
  return Object.entries(report.files)
    .map(([path, { mutants }]) => {
      const file = path.startsWith("/") ? path.slice(root.length + 1) : path;
      const detected = mutants.filter((m) => m.status === "Killed" || m.status === "Timeout");
      const undetected = mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
      const valid = detected.length + undetected.length;
      return {
        file,
        detected: detected.length,
        undetected: undetected.length,
        score: valid === 0 ? 100 : (100 * detected.length) / valid,
        goal: goalFor(file),
        survivors: undetected.map(
          (m) =>
            `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.status === "NoCoverage" ? " (no test runs it)" : ""} → ${JSON.stringify(m.replacement ?? "")}`,
        ),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

function main(reportPath: string): number {
  const scores = moduleScores(JSON.parse(fs.readFileSync(reportPath, "utf8")) as Report);
  const width = Math.max(...scores.map((s) => s.file.length), 6);
  console.log(`\n${"module".padEnd(width)}  mutants  undetected   score   goal`);
  for (const s of scores) {
    const mark = s.score >= s.goal ? "✓" : "✗";
    console.log(
      `${s.file.padEnd(width)}  ${String(s.detected + s.undetected).padStart(7)}  ${String(s.undetected).padStart(10)}  ${s.score.toFixed(1).padStart(5)} %  ${String(s.goal).padStart(3)} %  ${mark}`,
    );
  }
  const below = scores.filter((s) => s.score < s.goal);
  for (const s of below) console.log(`\nUndetected in ${s.file}:\n  ${s.survivors.join("\n  ")}`);
  console.log(
    below.length ? `\n✗ ${below.length} module(s) below their goal.` : "\n✓ Every module at or above its goal.",
  );
  return below.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exit(main(process.argv[2] ?? "reports/mutation/mutation.json"));
