/**
 * Keeps the simulators' records (Daraja receipts and checkouts, DPO transaction tokens, …) in a file
 * beside the database, so a restarted `npm run dev` still knows the payments it took: a refund or a
 * status query for yesterday's M-Pesa payment works as it would against the real gateway, which never
 * forgets. Only the gateways' own records are kept; prompts, timers, faults and settings start afresh.
 */
import fs from "node:fs";
import path from "node:path";
import { gatewaySlotTouches, restoreGatewaySlots, snapshotGatewaySlots } from "./store";

const SAVE_EVERY_MS = 2_000;
const g = globalThis as unknown as { __langoSimLedger?: NodeJS.Timeout };

type Tagged = { $map: [unknown, unknown][] } | { $set: unknown[] };

/** JSON that keeps Maps and Sets (the simulators' records are built of them). */
export function encodeLedger(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Map ? { $map: [...v.entries()] } : v instanceof Set ? { $set: [...v] } : v,
  );
}

export function decodeLedger(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const t = v as Tagged;
      if ("$map" in t && Array.isArray(t.$map)) return new Map(t.$map);
      if ("$set" in t && Array.isArray(t.$set)) return new Set(t.$set);
    }
    return v;
  });
}

/**
 * Where the ledger of a database lives: beside the embedded data folder, or in .data/ named after a server's
 * host and database. One ledger per database: the records are of that database's payments, and a second
 * database on the same server (a bench run, a staging copy) must neither see them nor grow the same file.
 */
export function ledgerPath(env: Record<string, string | undefined> = process.env): string {
  if (env.SIM_LEDGER_FILE?.trim())
    return path.resolve(/* turbopackIgnore: true */ process.cwd(), env.SIM_LEDGER_FILE.trim());
  const server = env.DATABASE_URL?.trim();
  if (server) {
    let name = "server";
    try {
      const url = new URL(server);
      name = `${url.hostname}-${url.port || "5432"}-${decodeURIComponent(url.pathname.slice(1)) || "postgres"}`;
    } catch {
      // An unparsable URL fails at the database's own connect, with a clearer message than ours.
    }
    const file = `${name.replace(/[^A-Za-z0-9_.-]+/g, "_")}.simulators.json`;
    return path.resolve(/* turbopackIgnore: true */ process.cwd(), ".data", file);
  }
  const dataDir = path.resolve(/* turbopackIgnore: true */ process.cwd(), env.PGLITE_DIR?.trim() || ".data/pglite");
  return `${dataDir}.simulators.json`;
}

/**
 * Loads the ledger (if any) and saves it every couple of seconds while it changes, and at exit. A file
 * that cannot be read is set aside, not fatal: the simulators then start empty, as they did before.
 * Only a simulator that has opened its records since the last save can have changed them, so an idle
 * ledger is not re-encoded: a long-running server's ledger grows with every payment it has simulated.
 */
export function keepSimulatorLedger(file: string): void {
  if (g.__langoSimLedger) return;
  try {
    if (fs.existsSync(file))
      restoreGatewaySlots(decodeLedger(fs.readFileSync(file, "utf8")) as Record<string, unknown>);
  } catch (err) {
    console.warn(
      JSON.stringify({ level: "warn", msg: "simulator ledger unreadable; starting empty", file, err: String(err) }),
    );
    fs.renameSync(file, `${file}.unreadable`);
  }
  let last = "";
  let seen = -1;
  const save = (always = false) => {
    const touched = gatewaySlotTouches();
    if (!always && touched === seen) return;
    seen = touched;
    const text = encodeLedger(snapshotGatewaySlots());
    if (text === last) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
    last = text;
  };
  g.__langoSimLedger = setInterval(() => {
    try {
      save();
    } catch (err) {
      console.warn(JSON.stringify({ level: "warn", msg: "simulator ledger not saved", err: String(err) }));
    }
  }, SAVE_EVERY_MS);
  g.__langoSimLedger.unref();
  process.once("exit", () => {
    try {
      save(true);
    } catch {
      // Exiting anyway; the last periodic save stands.
    }
  });
}
