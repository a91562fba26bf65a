/** Writes bench/results/<scenario>.json and rebuilds bench/results/summary.md from every result file. */
import fs from "node:fs";
import path from "node:path";
import { machine } from "./load";

export const RESULTS_DIR = path.resolve(import.meta.dirname, "../results");

export interface ScenarioResult {
  scenario: string;
  title: string;
  /** Markdown lines for the summary: the figures, ratios and goals. */
  summary: string[];
  conditions: string[];
  figures: Record<string, unknown>;
}

export function writeResult(r: ScenarioResult) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const full = { ...r, takenAt: new Date().toISOString(), machine: machine() };
  fs.writeFileSync(path.join(RESULTS_DIR, `${r.scenario}.json`), JSON.stringify(full, null, 2) + "\n");
  console.log(`\n## ${r.title}\n${r.summary.join("\n")}\n→ bench/results/${r.scenario}.json`);
  writeSummary();
}

const ORDER = ["rush", "scale", "flash-sale", "payments", "checkin", "page-weight", "fuzz", "reliability"];

export function writeSummary() {
  const files = fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith(".json") && !f.startsWith("lighthouse"));
  const results = files
    .map(
      (f) =>
        JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), "utf8")) as ScenarioResult & {
          takenAt: string;
          machine: ReturnType<typeof machine>;
        },
    )
    .filter((r) => r.scenario && r.summary)
    .sort((a, b) => ORDER.indexOf(a.scenario) - ORDER.indexOf(b.scenario));
  const m = results[0]?.machine ?? machine();
  const lines = [
    "# Lango benchmark results",
    "",
    `Machine: ${m.cpu}, ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}. Each scenario is one run on this machine (\`npm run bench\`);`,
    "the production build (`next build`, `next start`) with every gateway simulated, load generated from the same machine.",
    "",
  ];
  for (const r of results) {
    lines.push(
      `## ${r.title}`,
      "",
      `_Taken ${r.takenAt.replace("T", " ").slice(0, 16)} UTC; load average then ${r.machine.loadAverage.join(", ")}._`,
      "",
      ...r.summary,
      "",
    );
    if (r.conditions.length) lines.push(...r.conditions.map((c) => `- ${c}`), "");
  }
  fs.writeFileSync(path.join(RESULTS_DIR, "summary.md"), lines.join("\n"));
}
