import { afterEach, expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { findStockDrift } from "@/lib/orders/stock-audit";

/**
 * Asserts the stock invariant of pentest 12.4 on the whole database: every ticket type's `sold` is its
 * valid tickets and `held` its live holds, every booth's status matches its orders (lib/orders/stock-audit.ts).
 */
export async function expectStockConsistent(db: Db, when = "") {
  expect(await findStockDrift(db), `stock drift${when ? ` ${when}` : ""}`).toEqual([]);
}

/** Checks the invariant after each test of the suite. */
export function checkStockAfterEach(db: () => Db) {
  afterEach(async () => expectStockConsistent(db(), "after this test"));
}
