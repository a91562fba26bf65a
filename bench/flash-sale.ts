/**
 * Flash sale: 2,000 buyers at once for 500 seats, over HTTP against the production server, on PostgreSQL
 * and on PGlite; next to it the same reservation transaction (the conditional UPDATE … WHERE sold + held
 * + n <= capacity, then the order and its line) done directly on the same database with the same
 * concurrency — the database's own limit. Reports throughput, latency percentiles, ratio (HTTP ÷ raw)
 * and oversold (must be 0).
 *
 *   npx tsx bench/flash-sale.ts            (BUYERS, SEATS, BENCH_DATABASES=postgres,pglite to change)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { json, perSecond, runConcurrent, runFor, stats, type LatencyStats } from "./lib/load";
import { writeResult } from "./lib/results";
import { benchDatabases, freshDatabase, startServer, type BenchDatabase, type DbKind, runAsScript } from "./lib/server";

const BUYERS = Number(process.env.BUYERS) || 2000;
const SEATS = Number(process.env.SEATS) || 500;
const SLUG = "nairobi-tech-summit";
/** Uses of the code every order of the promo run carries: fewer than the seats, so the code runs out first. */
const PROMO_USES = Number(process.env.PROMO_USES) || Math.floor(SEATS * 0.6);
const PROMO_CODE = "FLASHPROMO";

interface Side {
  requestsPerSecond: number;
  elapsedMs: number;
  latencyMs: LatencyStats;
  sold: number;
  refused: number;
  errors: number;
}

interface DbResult {
  database: DbKind;
  http: Side & { statuses: Record<string, number>; reconnects: number };
  raw: Side;
  ratio: number;
  /** GET /api/health under the same burst: what the framework alone allows. */
  ceiling: { requestsPerSecond: number; latencyMs: LatencyStats; ok: number };
  ceilingRatio: number;
  oversold: number;
  heldAfter: number;
  ordersOnType: number;
  /** The same burst with a promo code on every order: its uses must be exactly min(maxUses, orders that got seats). */
  promo: {
    maxUses: number;
    uses: number;
    expectedUses: number;
    discounted: number;
    exhausted: number;
    statuses: Record<string, number>;
    oversold: number;
  };
}

/** Two ticket types of the demo event with the same capacity: one for HTTP, one for the raw side. */
async function prepare(db: BenchDatabase) {
  const opened = await db.open();
  try {
    const event = await opened.prisma.event.findUniqueOrThrow({ where: { slug: SLUG } });
    const make = (name: string) =>
      opened.prisma.ticketType.create({
        data: {
          eventId: event.id,
          name,
          priceMinor: 2_500_00,
          currency: event.currency,
          capacity: SEATS,
          maxPerOrder: 4,
        },
      });
    const promoType = await make("Flash sale (promo)");
    const code = await opened.prisma.promoCode.create({
      data: {
        eventId: event.id,
        code: PROMO_CODE,
        discountKind: "percent",
        discountValue: 10,
        currency: event.currency,
        ticketTypeIds: [promoType.id],
        maxUses: PROMO_USES,
      },
    });
    return {
      eventId: event.id,
      currency: event.currency,
      http: await make("Flash sale"),
      raw: await make("Flash sale (raw)"),
      promo: { type: promoType, codeId: code.id },
    };
  } finally {
    await opened.close();
  }
}

const buyerFor = (i: number) => ({
  name: `Buyer ${i}`,
  email: `buyer${i}@example.com`,
  phone: `07${String(20_000_000 + i).slice(-8)}`,
});

/**
 * `BUYERS` requests sent at once. 2,000 connections opened in the same millisecond overflow the listen
 * backlog of one machine (511): a refused or reset connection is tried again, as a phone's browser would;
 * the latency includes it.
 */
async function burst(send: (i: number) => Promise<Response>) {
  const statuses: Record<string, number> = {};
  let reconnects = 0;
  const run = await runConcurrent(BUYERS, BUYERS, async (i) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await send(i);
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        return res.status;
      } catch (err) {
        if (attempt < 3) {
          reconnects++;
          await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
          continue;
        }
        statuses[String(err)] = (statuses[String(err)] ?? 0) + 1;
        return 0;
      }
    }
  });
  return { ...run, statuses, reconnects, requestsPerSecond: perSecond(BUYERS, run.elapsedMs) };
}

async function httpSide(url: string, ticketTypeId: string, promoCode?: string) {
  // Warm the routes (compilation caches, the connection pool) outside the measurement.
  for (let i = 0; i < 5; i++) await (await fetch(`${url}/api/events/${SLUG}`)).arrayBuffer();
  const run = await burst((i) =>
    fetch(`${url}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        eventSlug: SLUG,
        items: [{ ticketTypeId, quantity: 1 }],
        buyer: buyerFor(i),
        ...(promoCode && { promoCode }),
      }),
    }),
  );
  const sold = run.results.filter((s) => s === 201).length;
  const refused = run.results.filter((s) => s === 409).length;
  return {
    requestsPerSecond: run.requestsPerSecond,
    elapsedMs: Math.round(run.elapsedMs),
    latencyMs: stats(run.latencies),
    sold,
    refused,
    errors: BUYERS - sold - refused,
    statuses: run.statuses,
    reconnects: run.reconnects,
  };
}

/**
 * The framework's own ceiling on this machine: the same burst at GET /api/health, which does one
 * `SELECT 1` and nothing else. No route of the app can answer faster than this.
 */
async function ceiling(url: string) {
  for (let i = 0; i < 5; i++) await (await fetch(`${url}/api/health`)).arrayBuffer();
  const run = await burst(() => fetch(`${url}/api/health`));
  return { requestsPerSecond: run.requestsPerSecond, latencyMs: stats(run.latencies), ok: run.statuses["200"] ?? 0 };
}

/** The reservation transaction, with the statements create-order.ts runs: the conditional hold, then the order and its line in one statement. */
const HOLD = `UPDATE "TicketType" SET "held" = "held" + 1, "updatedAt" = now() WHERE "id" = $1 AND "sold" + "held" + 1 <= "capacity"`;
const ORDER = `WITH "o" AS (
    INSERT INTO "Order" ("id", "reference", "accessToken", "eventId", "buyerName", "buyerEmail", "buyerPhone", "totalMinor", "currency", "expiresAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + interval '15 minutes', now())
    RETURNING "id"
  )
  INSERT INTO "OrderItem" ("id", "orderId", "kind", "ticketTypeId", "description", "quantity", "unitPriceMinor", "totalMinor", "details")
  SELECT $10, "o"."id", 'ticket', $11, 'Flash sale ticket', 1, $8, $8, '{"attendees":[{"name":""}]}' FROM "o"`;

type Query = (sql: string, params: unknown[]) => Promise<{ rowCount: number }>;

async function reserve(
  q: Query,
  i: number,
  type: { id: string; priceMinor: number; eventId: string; currency: string },
): Promise<boolean> {
  const held = await q(HOLD, [type.id]);
  if (held.rowCount === 0) return false;
  const b = buyerFor(i);
  await q(ORDER, [
    randomUUID(),
    `LGRAW${randomBytes(5).toString("hex").toUpperCase()}`,
    randomBytes(24).toString("base64url"),
    type.eventId,
    b.name,
    b.email,
    `+2547${b.phone.slice(-8)}`,
    type.priceMinor,
    type.currency,
    randomUUID(),
    type.id,
  ]);
  return true;
}

async function rawSide(
  db: BenchDatabase,
  type: { id: string; priceMinor: number; eventId: string; currency: string },
): Promise<Side> {
  let run: Awaited<ReturnType<typeof runConcurrent<boolean | null>>>;
  if (db.kind === "postgres") {
    // The same pool size as the app's (DATABASE_POOL_SIZE, 10 by default), the same number of buyers at once.
    const pool = new pg.Pool({
      connectionString: db.env.DATABASE_URL,
      max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    });
    run = await runConcurrent(BUYERS, BUYERS, async (i) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const ok = await reserve(
          async (sql, params) => ({ rowCount: (await client.query(sql, params)).rowCount ?? 0 }),
          i,
          type,
        );
        await client.query(ok ? "COMMIT" : "ROLLBACK");
        return ok;
      } catch {
        await client.query("ROLLBACK").catch(() => {});
        return null;
      } finally {
        client.release();
      }
    });
    await pool.end();
  } else {
    // PGlite is one connection in one process: its transactions run one after another.
    const lite = new PGlite(db.env.PGLITE_DIR);
    await lite.waitReady;
    run = await runConcurrent(BUYERS, BUYERS, async (i) => {
      try {
        return await lite.transaction((tx) =>
          reserve(async (sql, params) => ({ rowCount: (await tx.query(sql, params)).affectedRows ?? 0 }), i, type),
        );
      } catch {
        return null;
      }
    });
    await lite.close();
  }
  const sold = run.results.filter((r) => r === true).length;
  const refused = run.results.filter((r) => r === false).length;
  return {
    requestsPerSecond: perSecond(BUYERS, run.elapsedMs),
    elapsedMs: Math.round(run.elapsedMs),
    latencyMs: stats(run.latencies),
    sold,
    refused,
    errors: BUYERS - sold - refused,
  };
}

/** The promo run's code and orders as the database has them. */
async function promoUses(db: BenchDatabase, codeId: string, typeId: string) {
  const opened = await db.open();
  try {
    const code = await opened.prisma.promoCode.findUniqueOrThrow({ where: { id: codeId } });
    const discounted = await opened.prisma.order.count({ where: { promoCodeId: codeId, discountMinor: { gt: 0 } } });
    const t = await opened.prisma.ticketType.findUniqueOrThrow({ where: { id: typeId } });
    return { uses: code.usesHeld + code.usesUsed, maxUses: code.maxUses!, discounted, seats: t.sold + t.held };
  } finally {
    await opened.close();
  }
}

/**
 * The same reservation transaction for `seconds` at `concurrency`, no app in between: the database's own
 * hold rate, the yardstick for POST /api/orders in bench/rush.ts. Needs no server holding a PGlite folder.
 */
export async function rawHoldRate(
  db: BenchDatabase,
  type: { id: string; priceMinor: number; eventId: string; currency: string },
  concurrency: number,
  seconds: number,
): Promise<{ requestsPerSecond: number; latencyMs: LatencyStats; held: number }> {
  let i = 0;
  let run: Awaited<ReturnType<typeof runFor>>;
  if (db.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: db.env.DATABASE_URL,
      max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    });
    run = await runFor(seconds * 1000, concurrency, async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const ok = await reserve(
          async (sql, params) => ({ rowCount: (await client.query(sql, params)).rowCount ?? 0 }),
          i++,
          type,
        );
        await client.query(ok ? "COMMIT" : "ROLLBACK");
        return ok;
      } catch {
        await client.query("ROLLBACK").catch(() => {});
        return false;
      } finally {
        client.release();
      }
    });
    await pool.end();
  } else {
    const lite = new PGlite(db.env.PGLITE_DIR);
    await lite.waitReady;
    run = await runFor(seconds * 1000, concurrency, () =>
      lite
        .transaction((tx) =>
          reserve(async (sql, params) => ({ rowCount: (await tx.query(sql, params)).affectedRows ?? 0 }), i++, type),
        )
        .catch(() => false),
    );
    await lite.close();
  }
  return { requestsPerSecond: perSecond(run.ok, run.elapsedMs), latencyMs: stats(run.latencies), held: run.ok };
}

async function stock(db: BenchDatabase, typeId: string) {
  const opened = await db.open();
  try {
    const t = await opened.prisma.ticketType.findUniqueOrThrow({ where: { id: typeId } });
    const orders = await opened.prisma.orderItem.count({ where: { ticketTypeId: typeId } });
    return { sold: t.sold, held: t.held, capacity: t.capacity, orders };
  } finally {
    await opened.close();
  }
}

export async function flashSale(kinds: DbKind[]): Promise<DbResult[]> {
  const out: DbResult[] = [];
  for (const kind of kinds) {
    console.log(`▶ flash sale on ${kind}: ${BUYERS} buyers, ${SEATS} seats`);
    const db = await freshDatabase(kind, "flash");
    try {
      const types = await prepare(db);
      const server = await startServer(db, { ORDER_RATE_LIMIT_PER_IP: "0" });
      let http, top, promoRun;
      try {
        top = await ceiling(server.url);
        http = await httpSide(server.url, types.http.id);
        promoRun = await httpSide(server.url, types.promo.type.id, PROMO_CODE.toLowerCase());
        const shown = await json<{ ticketTypes: { id: string; available: number }[] }>(
          await fetch(`${server.url}/api/events/${SLUG}`),
        );
        console.log(
          `  HTTP: ${http.sold} sold, ${http.refused} refused, ${http.errors} errors; the event page shows ${shown.ticketTypes.find((t) => t.id === types.http.id)?.available} left`,
        );
      } finally {
        await server.stop();
      }
      const after = await stock(db, types.http.id);
      const promo = await promoUses(db, types.promo.codeId, types.promo.type.id);
      const expectedUses = Math.min(promo.maxUses, BUYERS, SEATS);
      console.log(
        `  promo: ${promo.uses} uses of ${promo.maxUses} (expected ${expectedUses}), ${promoRun.statuses["409"] ?? 0} refused`,
      );
      const raw = await rawSide(db, { ...types.raw, eventId: types.eventId, currency: types.currency });
      const rawAfter = await stock(db, types.raw.id);
      if (rawAfter.held + rawAfter.sold > SEATS) throw new Error("the raw side oversold: the bench itself is wrong");
      console.log(`  raw: ${raw.sold} reserved in ${raw.elapsedMs} ms`);
      out.push({
        database: kind,
        http,
        raw,
        ratio: Math.round((http.requestsPerSecond / raw.requestsPerSecond) * 100) / 100,
        ceiling: top,
        ceilingRatio: Math.round((top.requestsPerSecond / raw.requestsPerSecond) * 100) / 100,
        oversold: Math.max(0, after.sold + after.held - after.capacity, http.sold - SEATS, after.orders - SEATS),
        heldAfter: after.held,
        ordersOnType: after.orders,
        promo: {
          maxUses: promo.maxUses,
          uses: promo.uses,
          expectedUses,
          discounted: promo.discounted,
          exhausted: promoRun.refused,
          statuses: promoRun.statuses,
          oversold: Math.max(0, promo.uses - promo.maxUses, promo.seats - SEATS),
        },
      });
    } finally {
      await db.drop();
    }
  }
  return out;
}

export async function run() {
  const kinds = await benchDatabases();
  const results = await flashSale(kinds);
  const row = (r: DbResult) =>
    `| ${r.database} | ${r.http.requestsPerSecond} | ${r.http.latencyMs.p50} / ${r.http.latencyMs.p95} / ${r.http.latencyMs.p99} | ${r.raw.requestsPerSecond} | ${r.raw.latencyMs.p50} / ${r.raw.latencyMs.p95} / ${r.raw.latencyMs.p99} | **${r.ratio}** | ${r.ceiling.requestsPerSecond} (${r.ceilingRatio} of raw) | ${r.http.sold} | **${r.oversold}** | ${r.http.errors} |`;
  writeResult({
    scenario: "flash-sale",
    title: `Flash sale: ${BUYERS.toLocaleString("en")} concurrent buyers, ${SEATS} seats`,
    summary: [
      "| database | HTTP req/s | HTTP p50 / p95 / p99 ms | raw req/s | raw p50 / p95 / p99 ms | ratio (HTTP ÷ raw) | framework ceiling req/s | sold | oversold | errors |",
      "|---|---|---|---|---|---|---|---|---|---|",
      ...results.map(row),
      "",
      "",
      "| database | promo run: code uses | max uses | expected min(max, orders) | discounted orders | refused (409) |",
      "|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.database} | **${r.promo.uses}** | ${r.promo.maxUses} | ${r.promo.expectedUses} | ${r.promo.discounted} | ${r.promo.exhausted} |`,
      ),
      "",
      `Goal: ratio ≥ 0.5; oversold must be 0 and exactly ${SEATS} sold; in the promo run (every order carries the code) the code is used exactly min(maxUses, orders) times. The framework ceiling is the same burst at GET /api/health (one \`SELECT 1\`): no route of the server can do better, so the ratio cannot pass the ceiling's share of raw.`,
    ],
    conditions: [
      `${BUYERS} POST /api/orders sent at once (one seat each) to \`next start\`; latency is per request from send to full answer, throughput = requests ÷ wall time.`,
      "Raw: the same transaction (the conditional UPDATE on TicketType, then one statement inserting the Order and its OrderItem, as lib/orders/create-order.ts runs them) with `pg` on PostgreSQL (pool of 10, like the app) or in-process on PGlite, on the same database, same concurrency.",
      `Promo run: the same ${BUYERS} buyers again, each ordering one seat of a third ${SEATS}-seat type with the code ${PROMO_CODE} (10 % off, ${PROMO_USES} uses: PROMO_USES); uses = the code's held + used counters after the burst, discounted = orders with a discount.`,
      "Server run with ORDER_RATE_LIMIT_PER_IP=0: the load comes from one address, where 2,000 real buyers would come from 2,000.",
      `The load generator runs on the same 2 cores as the server. Connections refused or reset when all ${BUYERS} open at once (the listen backlog) are retried like a browser would: ${results.map((r) => `${r.database} ${r.http.reconnects}`).join(", ")} retries; errors = requests that never got an answer.`,
    ],
    figures: { buyers: BUYERS, seats: SEATS, results },
  });
  return results;
}

runAsScript(import.meta.url, run, (r) =>
  r.every(
    (x) =>
      x.oversold === 0 &&
      x.http.sold === SEATS &&
      x.promo.uses === x.promo.expectedUses &&
      x.promo.discounted === x.promo.expectedUses &&
      x.promo.oversold === 0,
  ),
);
