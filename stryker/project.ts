import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import base from "../vitest.config";

/**
 * One project of vitest.config.ts (same aliases and settings), narrowed to the test files that exercise the
 * mutated modules, so Stryker's dry run does not spend minutes on the rest of the suite.
 */
export function mutationProject(name: "unit" | "db", include: string[]) {
  const project = base.test?.projects?.find(
    (p): p is TestProjectInlineConfiguration => typeof p === "object" && "test" in p && p.test?.name === name,
  );
  if (!project) throw new Error(`vitest.config.ts has no "${name}" project`);
  // Instrumented code runs several times slower: the exhaustive code-flipping tests need more than 5 s.
  return defineConfig({ ...project, test: { ...project.test, include, testTimeout: 60_000 } });
}
