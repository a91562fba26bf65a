/**
 * Payments: order + payment start (M-Pesa STK push to the simulator) at 100 concurrent buyers, the status
 * endpoint the browser polls (requests per second), and callback-to-visible latency (the payer approves
 * on the virtual phone → the simulator's callback → the app confirms by STK query → the poll shows
 * "succeeded").
 *
 *   npx tsx bench/payments.ts        (BENCH_DATABASES=postgres,pglite; FLOWS, CONCURRENCY, POLL_SECONDS)
 */
import { approvePrompt, createTicketType, orderAndPay, post, SLUG, waitForStatus, buyer } from "./lib/client";
import { json, perSecond, runConcurrent, runFor, stats } from "./lib/load";
import { writeResult } from "./lib/results";
import { benchDatabases, freshDatabase, startServer, type DbKind, runAsScript } from "./lib/server";

const FLOWS = Number(process.env.FLOWS) || 400;
const CONCURRENCY = Number(process.env.CONCURRENCY) || 100;
const POLL_SECONDS = Number(process.env.POLL_SECONDS) || 10;
const CEILING_SECONDS = 5;
const CALLBACKS = Number(process.env.CALLBACKS) || 30;

async function onDatabase(kind: DbKind) {
  console.log(`▶ payments on ${kind}`);
  const db = await freshDatabase(kind, "payments");
  const type = await createTicketType(db.open, "Payments bench", 1_000_000);
  const server = await startServer(db, { ORDER_RATE_LIMIT_PER_IP: "0" });
  try {
    const base = server.url;
    // Warm-up: a few complete flows outside the measurement.
    for (let i = 0; i < 5; i++) await orderAndPay(base, type.id, 900_000 + i);

    const order: number[] = [];
    const start: number[] = [];
    const flows = await runConcurrent(FLOWS, CONCURRENCY, async (i) => {
      const b = buyer(i);
      const t0 = performance.now();
      const created = await post(`${base}/api/orders`, {
        eventSlug: SLUG,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        buyer: b,
      });
      const { reference } = await json<{ reference: string }>(created);
      const t1 = performance.now();
      const started = await post(`${base}/api/orders/${reference}/payments`, { gateway: "daraja", phone: b.phone });
      const body = await json<{ paymentId: string; status: string }>(started);
      order.push(t1 - t0);
      start.push(performance.now() - t1);
      return created.status === 201 && started.status === 201 && body.status === "pending" ? body.paymentId : null;
    });
    const paymentIds = flows.results.filter((x): x is string => !!x);
    console.log(`  ${paymentIds.length}/${FLOWS} order + payment flows ok; p95 ${stats(flows.latencies).p95} ms`);

    // GETs with 50 in flight for a while; ok = answered 200.
    const hammer = (seconds: number, path: () => string) =>
      runFor(seconds * 1000, 50, async () => {
        const res = await fetch(`${base}${path()}`);
        await res.arrayBuffer();
        return res.status === 200;
      });
    // The framework's own ceiling for the same load: GET /api/health does one SELECT 1 and nothing else.
    const health = await hammer(CEILING_SECONDS, () => "/api/health");
    console.log(`  framework ceiling (GET /api/health): ${perSecond(health.ok, health.elapsedMs)} req/s`);

    let k = 0;
    const poll = await hammer(POLL_SECONDS, () => `/api/payments/${paymentIds[k++ % paymentIds.length]}`);
    console.log(`  status endpoint: ${perSecond(poll.ok, poll.elapsedMs)} req/s`);

    // Callback to visible, one payment at a time (its own latency, not a queue's).
    const visible: number[] = [];
    for (let i = 0; i < CALLBACKS; i++) {
      const p = await orderAndPay(base, type.id, 800_000 + i);
      const t0 = performance.now();
      await approvePrompt(base, p.phone);
      await waitForStatus(base, p.paymentId, "succeeded", 10);
      visible.push(performance.now() - t0);
    }
    console.log(`  callback to visible: p50 ${stats(visible).p50} ms`);
    return {
      database: kind,
      orderPlusStart: {
        concurrency: CONCURRENCY,
        flows: FLOWS,
        ok: paymentIds.length,
        flowsPerSecond: perSecond(paymentIds.length, flows.elapsedMs),
        latencyMs: stats(flows.latencies),
        orderMs: stats(order),
        startMs: stats(start),
      },
      statusPolling: {
        concurrency: 50,
        seconds: POLL_SECONDS,
        requestsPerSecond: perSecond(poll.ok, poll.elapsedMs),
        failed: poll.failed,
        latencyMs: stats(poll.latencies),
      },
      ceiling: {
        concurrency: 50,
        seconds: CEILING_SECONDS,
        requestsPerSecond: perSecond(health.ok, health.elapsedMs),
        latencyMs: stats(health.latencies),
      },
      callbackToVisible: { payments: CALLBACKS, pollEveryMs: 10, latencyMs: stats(visible) },
    };
  } finally {
    await server.stop();
    await db.drop();
  }
}

export async function run() {
  const kinds = await benchDatabases();
  const results = [];
  for (const kind of kinds) results.push(await onDatabase(kind));
  writeResult({
    scenario: "payments",
    title: "Payments: order + payment start, status polling, callback to visible",
    summary: [
      `| database | order + payment start at ${CONCURRENCY} concurrent: flows/s | p50 / p95 / p99 ms (goal p95 ≤ 150) | status endpoint req/s (goal ≥ 1,000) | status p95 ms | framework ceiling req/s | callback → visible p50 / p95 ms |`,
      "|---|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.database} | ${r.orderPlusStart.flowsPerSecond} | ${r.orderPlusStart.latencyMs.p50} / **${r.orderPlusStart.latencyMs.p95}** / ${r.orderPlusStart.latencyMs.p99} | **${r.statusPolling.requestsPerSecond}** | ${r.statusPolling.latencyMs.p95} | ${r.ceiling.requestsPerSecond} | ${r.callbackToVisible.latencyMs.p50} / ${r.callbackToVisible.latencyMs.p95} |`,
      ),
    ],
    conditions: [
      `${FLOWS} buyers, ${CONCURRENCY} at a time: POST /api/orders then POST /api/orders/{ref}/payments (M-Pesa STK push, answered by the built-in Daraja simulator in the same server: OAuth token + STK push over HTTP).`,
      `Status: GET /api/payments/{id} over the pending payments, 50 in flight, ${POLL_SECONDS} s. Framework ceiling: GET /api/health (one \`SELECT 1\`), 50 in flight, ${CEILING_SECONDS} s, on the same server just before: no route answers faster.`,
      "Each order + payment flow is three requests to the one server process: the order, the payment start and the Daraja simulator's STK push (the OAuth token is cached) (the simulator stands in for Safaricom inside the same server, so its work counts against the server here).",
      "Callback to visible: approve on the virtual phone → simulator posts the STK callback → the app confirms with an STK query → the poll (every 10 ms) sees succeeded; one payment at a time.",
    ],
    figures: { results },
  });
  return results;
}

runAsScript(import.meta.url, run);
