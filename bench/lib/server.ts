/**
 * A production server for the bench: `next build` once, then `next start` on its own port with a fresh
 * database (a new PGlite folder, or a new database on the local PostgreSQL). The .next folder is shared
 * with the Playwright runs, so the whole bench holds /tmp/lango-e2e.lock (see `holdBenchLock`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { seedOnFirstStart } from "@/lib/db/seed";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PG_SERVER = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const LOCK = "/tmp/lango-e2e.lock";

/**
 * Re-runs this script under `flock` unless it already holds the lock, so no Playwright run rebuilds
 * .next under a running bench. Returns false when the caller should stop (the locked child ran).
 */
export function holdBenchLock(): boolean {
  if (process.env.BENCH_LOCKED === "1" || spawnSync("which", ["flock"]).status !== 0) return true;
  console.log(`Waiting for ${LOCK} (shared with the end-to-end tests)…`);
  const r = spawnSync("flock", [LOCK, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_LOCKED: "1" },
  });
  process.exit(r.status ?? 1);
}

/**
 * Runs a scenario when its file is the script being run (`npx tsx bench/<scenario>.ts`), under the bench
 * lock; exits 1 on an error or when `passed` says the figures broke an invariant.
 */
export function runAsScript<T>(moduleUrl: string, run: () => Promise<T>, passed: (result: T) => boolean = () => true) {
  if (moduleUrl !== `file://${process.argv[1]}` || !holdBenchLock()) return;
  run().then(
    (r) => process.exit(passed(r) ? 0 : 1),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

let built = false;
export function buildOnce() {
  if (built || process.env.BENCH_SKIP_BUILD === "1") return;
  console.log("▶ next build");
  // A profiled run keeps the function names, so the profile says which of ours the time goes to.
  const args = ["next", "build", ...(process.env.BENCH_CPU_PROFILE ? ["--no-mangling"] : [])];
  const r = spawnSync("npx", args, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
  built = true;
}

export type DbKind = "postgres" | "pglite";

/** Whether the local PostgreSQL the bench uses answers. */
export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** BENCH_DATABASES, else PostgreSQL (when it answers) and PGlite. */
export async function benchDatabases(fallback: DbKind[] = ["postgres", "pglite"]): Promise<DbKind[]> {
  const asked = process.env.BENCH_DATABASES?.split(",")
    .map((s) => s.trim())
    .filter(Boolean) as DbKind[] | undefined;
  if (asked?.length) return asked;
  if (fallback.includes("postgres") && !(await postgresAvailable())) {
    console.warn(`⚠ PostgreSQL at ${PG_SERVER} does not answer (set BENCH_POSTGRES_URL): PGlite only.`);
    return fallback.filter((k) => k !== "postgres").length ? fallback.filter((k) => k !== "postgres") : ["pglite"];
  }
  return fallback;
}

export interface BenchDatabase {
  kind: DbKind;
  /** What the server gets: DATABASE_URL or PGLITE_DIR. */
  env: Record<string, string>;
  /** Opens the database from the bench process (only while no server holds a PGlite folder). */
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, migrated and seeded database (seeded like a first start in simulator mode). */
export async function freshDatabase(kind: DbKind, name: string): Promise<BenchDatabase> {
  const stamp = `${name}_${Date.now().toString(36)}`;
  // The simulators' records of this database's payments, gone with it (lib/simulators/ledger-file.ts).
  const ledger = path.join(ROOT, ".data", `bench-${stamp}.simulators.json`);
  const dropLedger = () => fs.rmSync(ledger, { force: true });
  let db: BenchDatabase;
  if (kind === "pglite") {
    const dir = path.join(ROOT, ".data", `bench-${stamp}`);
    db = {
      kind,
      env: { PGLITE_DIR: dir, SIM_LEDGER_FILE: ledger },
      open: () => openDatabase({ kind: "pglite", dataDir: dir }),
      drop: async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        dropLedger();
      },
    };
  } else {
    const dbName = `lango_bench_${stamp}`.toLowerCase();
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const url = new URL(PG_SERVER);
    url.pathname = `/${dbName}`;
    db = {
      kind,
      env: { DATABASE_URL: url.toString(), SIM_LEDGER_FILE: ledger },
      open: () => openDatabase({ kind: "postgres", url: url.toString() }),
      drop: async () => {
        await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        dropLedger();
      },
    };
  }
  const opened = await db.open();
  await seedOnFirstStart(opened.prisma, { PAYMENTS_MODE: "simulator" }, () => {});
  await opened.close();
  return db;
}

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: PG_SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface RunningServer {
  url: string;
  /** The `next start` process, for its CPU time (bench/lib/cpu.ts). */
  pid?: number;
  stop(): Promise<void>;
}

let nextPort = Number(process.env.BENCH_PORT) || 3510;

/** The Node flags `npm start` runs the server with (package.json), so the bench measures what production runs. */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== "node") return [];
  const script = args.findIndex((a) => !a.startsWith("--"));
  return script < 0 ? args : args.slice(0, script);
}

/** `next start` on its own port against the given database; resolves once it answers. */
export async function startServer(db: BenchDatabase, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  buildOnce();
  let port = nextPort++;
  // A server left running by an interrupted bench would answer in this one's place: skip its port.
  while (
    await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    )
  )
    port = nextPort++;
  const url = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the server there when it stops (where the time goes).
  const profile = process.env.BENCH_CPU_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...profile,
      ...startNodeFlags(),
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        APP_URL: url,
        PAYMENTS_MODE: "simulator",
        AUTH_SECRET: "bench-auth-secret-0123456789abcdefghijklmnop",
        DATABASE_URL: "",
        ...db.env,
        ...extraEnv,
      },
    },
  );
  let log = "";
  // BENCH_SERVER_LOG=1 shows the server's own log (what a 5xx was about).
  const show = process.env.BENCH_SERVER_LOG === "1";
  child.stdout?.on("data", (d) => ((log = (log + d).slice(-20_000)), show && process.stderr.write(d)));
  child.stderr?.on("data", (d) => ((log = (log + d).slice(-20_000)), show && process.stderr.write(d)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/api/events`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 90 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // On an empty database the server first makes its demo box-office sales through the real order path:
  // measuring during that would measure it too.
  const quiet = Date.now() + 60_000;
  while (!/demo box-office sales|demo sales not created/.test(log) && Date.now() < quiet && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 250));
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
