import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { darajaState } from "./daraja/state";
import { decodeLedger, encodeLedger, keepSimulatorLedger, ledgerPath } from "./ledger-file";
import { resetSimulators, restoreGatewaySlots, snapshotGatewaySlots } from "./store";

afterEach(() => resetSimulators());

it("keeps Maps and Sets through the file format", () => {
  const value = { a: new Map([["k", { n: 1, s: new Set(["x", "y"]) }]]) };
  expect(decodeLedger(encodeLedger(value))).toEqual(value);
});

it("a restarted simulator still knows its receipts, but not the locks of prompts that died with the old process", () => {
  const before = darajaState();
  before.receipts.set("SIM1ABC", {
    receipt: "SIM1ABC",
    kind: "stk",
    amount: 100,
    phone: "254712345678",
    shortCode: "174379",
    at: "2026-12-01T10:00:00Z",
    reversed: false,
  });
  before.lockedSubscribers.set("254712345678", "ws_CO_1");
  before.checkouts.set("ws_CO_1", {
    merchantRequestId: "m",
    checkoutRequestId: "ws_CO_1",
    shortCode: "174379",
    amount: 100,
    phone: "254712345678",
    accountReference: "R",
    callbackUrl: "http://x",
    promptId: "p",
  });
  const saved = decodeLedger(encodeLedger(snapshotGatewaySlots())) as Record<string, unknown>;

  resetSimulators(); // the process restarts
  restoreGatewaySlots(saved);
  const after = darajaState();
  expect(after.receipts.get("SIM1ABC")).toMatchObject({ amount: 100, reversed: false });
  expect(after.lockedSubscribers.size).toBe(0);
  expect(after.checkouts.get("ws_CO_1")?.result).toMatchObject({ code: 1037 });
});

it("puts the ledger beside the embedded database, or in .data/ for a server", () => {
  expect(ledgerPath({ PGLITE_DIR: ".data/e2e" })).toBe(path.resolve(".data/e2e.simulators.json"));
  expect(ledgerPath({ DATABASE_URL: "postgres://u:p@db.example:6543/lango_prod" })).toBe(
    path.resolve(".data/db.example-6543-lango_prod.simulators.json"),
  );
  // Another database on the same server keeps its own records.
  expect(ledgerPath({ DATABASE_URL: "postgres://u:p@db.example:6543/lango_staging" })).toBe(
    path.resolve(".data/db.example-6543-lango_staging.simulators.json"),
  );
  expect(ledgerPath({ DATABASE_URL: "postgres://localhost/a%2F..%2Fb" })).toBe(
    path.resolve(".data/localhost-5432-a_.._b.simulators.json"),
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ledger-")), "l.json");
  expect(ledgerPath({ SIM_LEDGER_FILE: file })).toBe(file);
});

it("saves the records after a simulator touched them, and does not re-encode an idle ledger", () => {
  vi.useFakeTimers();
  try {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ledger-")), "sim.json");
    keepSimulatorLedger(file);
    let encodings = 0;
    const receipt = {
      receipt: "SIM2XYZ",
      kind: "stk" as const,
      amount: 250,
      phone: "254712345678",
      shortCode: "174379",
      at: "2026-12-01T10:00:00Z",
      reversed: false,
    };
    // Counts how often the ledger is encoded (JSON.stringify calls toJSON once per encoding).
    darajaState().receipts.set("SIM2XYZ", { ...receipt, toJSON: () => (encodings++, receipt) } as typeof receipt);
    vi.advanceTimersByTime(2_000);
    expect(fs.readFileSync(file, "utf8")).toContain("SIM2XYZ");
    expect(encodings).toBe(1);

    vi.advanceTimersByTime(10_000);
    expect(encodings).toBe(1); // nothing opened the records since: nothing encoded

    darajaState().receipts.set("SIM3XYZ", { ...receipt, receipt: "SIM3XYZ" });
    vi.advanceTimersByTime(2_000);
    expect(encodings).toBe(2);
    expect(fs.readFileSync(file, "utf8")).toContain("SIM3XYZ");

    resetSimulators();
    vi.advanceTimersByTime(2_000);
    expect(fs.readFileSync(file, "utf8")).not.toContain("SIM2XYZ");
  } finally {
    vi.useRealTimers();
  }
});
