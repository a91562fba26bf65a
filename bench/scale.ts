/**
 * Beyond one process (issue 14): two `next start` processes on one PostgreSQL behind nginx. The event page
 * through nginx's cache; a flash sale through nginx that must sell exactly its capacity (0 oversold); how
 * old availability is through the cache; and the background jobs' ticks (once per tick, not per process).
 *
 *   npm run bench -- scale [--quick]      (PostgreSQL only: a PGlite folder is one process's alone)
 */
import { createTicketType, post, SLUG } from "./lib/client";
import { machine } from "./lib/load";
import { startNginx } from "./lib/nginx";
import { writeResult } from "./lib/results";
import { benchDatabases, freshDatabase, startServer, runAsScript } from "./lib/server";
import { ensureWrk, wrk } from "./lib/wrk";
import { burst, orderLua, QUICK } from "./rush";

const SECONDS = Number(process.env.RUSH_SECONDS) || (QUICK ? 4 : 10);
const SEATS = 500;
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT) || 3590;

export async function run() {
  ensureWrk();
  if (!(await benchDatabases(["postgres"])).includes("postgres")) {
    console.warn("⚠ scale: needs PostgreSQL (BENCH_POSTGRES_URL); skipped.");
    return null;
  }
  console.log(`\n▶ scale: 2 × next start behind nginx on one PostgreSQL`);
  const db = await freshDatabase("postgres", "scale");
  const flash = await createTicketType(db.open, "Flash sale (2 processes)", SEATS);
  const open = await createTicketType(db.open, "Rush (2 processes)", 50_000_000);
  // Each buyer on their own address, as rush.ts does: the bench's X-Forwarded-For, then nginx's hop.
  const env = { ORDER_RATE_LIMIT_PER_IP: "0", TRUST_PROXY: "2" };
  // One after the other: the first migrates and seeds, the second finds it done.
  const a = await startServer(db, env);
  const b = await startServer(db, env);
  const startedAt = new Date();
  const nginx = await startNginx(
    NGINX_PORT,
    [a.url, b.url].map((u) => new URL(u).host),
  );
  try {
    const page = `/events/${SLUG}`;
    await wrk({ url: `${nginx.url}${page}`, seconds: 1 });
    const cachedPage = await wrk({ url: `${nginx.url}${page}`, seconds: SECONDS });
    const direct = await wrk({ url: `${a.url}${page}`, seconds: SECONDS });
    console.log(
      `  event page via nginx: ${cachedPage.requestsPerSecond} req/s; one process direct: ${direct.requestsPerSecond}`,
    );

    // How old availability is through the cache: one seat taken, then how long until nginx shows it.
    const seatsOf = async () => {
      const res = await fetch(`${nginx.url}/api/events/${SLUG}/availability`);
      const body = (await res.json()) as { ticketTypes: { id: string; available: number }[] };
      return body.ticketTypes.find((t) => t.id === flash.id)?.available ?? -1;
    };
    const before = await seatsOf();
    const bought = await post(`${nginx.url}/api/orders`, {
      eventSlug: SLUG,
      items: [{ ticketTypeId: flash.id, quantity: 1 }],
      buyer: { name: "Fresh Check", email: "fresh-check@example.com", phone: "0711999001" },
    });
    if (bought.status !== 201) throw new Error(`order through nginx: HTTP ${bought.status}`);
    const t0 = Date.now();
    while ((await seatsOf()) !== before - 1 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    const staleMs = Date.now() - t0;
    console.log(`  availability through the cache caught up in ${staleMs} ms`);

    // Until the seats are gone (a busy machine sells slower): what matters is where it stops.
    let sale = await wrk({ url: `${nginx.url}/api/orders`, lua: orderLua(flash.id), seconds: Math.max(SECONDS, 8) });
    for (let round = 0; round < 10 && (await seatsOf()) > 0; round++) {
      const more = await wrk({ url: `${nginx.url}/api/orders`, lua: orderLua(flash.id), seconds: 8 });
      sale = { ...more, requests: sale.requests + more.requests };
    }
    // The moment sales open, on both processes: a hundred buyers at once through nginx, each placing an
    // order and starting an M-Pesa prompt (answered by the simulator of the process that took it).
    await burst(nginx.url, open.id, 10, 700_000); // warm-up
    const pairs = (await burst(nginx.url, open.id, 100, 710_000)).result;
    console.log(`  order + payment start, 100 at once through nginx: p95 ${pairs.latencyMs.p95} ms`);

    const opened = await db.open();
    const t = await opened.prisma.ticketType.findUniqueOrThrow({ where: { id: flash.id } });
    const items = await opened.prisma.orderItem.aggregate({
      where: { ticketTypeId: flash.id },
      _sum: { quantity: true },
    });
    const ticks = await opened.prisma.jobTick.findMany({ where: { claimedAt: { gte: startedAt } } });
    await opened.close();
    const elapsedS = (Date.now() - startedAt.getTime()) / 1000;
    const emailTicks = ticks.filter((x) => x.job === "email");
    const result = {
      cachedPage,
      direct,
      staleMs,
      sale,
      sold: t.sold,
      held: t.held,
      capacity: t.capacity,
      seatsInOrders: items._sum.quantity ?? 0,
      oversold: Math.max(0, t.sold + t.held - t.capacity),
      pairs,
      jobs: {
        elapsedS: Math.round(elapsedS),
        emailTicks: emailTicks.length,
        emailTicksExpectedOnce: Math.floor(elapsedS / 3),
        runners: [...new Set(ticks.map((x) => x.runner))],
      },
    };
    writeResult({
      scenario: "scale",
      title: "Beyond one process: 2 × next start behind nginx on one PostgreSQL",
      summary: [
        "| what | figure | goal |",
        "|---|---|---|",
        `| event page through nginx's cache | ${cachedPage.requestsPerSecond} req/s, p50 / p95 / p99 ${cachedPage.latencyMs.p50} / ${cachedPage.latencyMs.p95} / ${cachedPage.latencyMs.p99} ms | ≥ 5,000 req/s: ${cachedPage.requestsPerSecond >= 5000 ? "met" : `**missed** by ${5000 - cachedPage.requestsPerSecond} req/s`} |`,
        `| event page from one process directly (its in-memory copy) | ${direct.requestsPerSecond} req/s | |`,
        `| availability through the cache after a seat is taken | visible after ${(staleMs / 1000).toFixed(1)} s | a few seconds |`,
        `| flash sale of ${SEATS} seats through nginx (wrk, 50 connections) | ${result.sold + result.held} taken (${result.seatsInOrders} in orders), ${sale.requests} requests, ${sale.requestsPerSecond} req/s | exactly ${SEATS} |`,
        `| oversold | **${result.oversold}** | 0 |`,
        `| order + payment start, 100 buyers at once through nginx (each pair) | p50 / p95 / p99 ${pairs.latencyMs.p50} / ${pairs.latencyMs.p95} / ${pairs.latencyMs.p99} ms | p95 ≤ 300 ms: ${pairs.latencyMs.p95 <= 300 ? "met" : `**missed** (${Math.round(pairs.latencyMs.p95 - 300)} ms over)`} |`,
        `| e-mail job ticks (every 3 s) in ${result.jobs.elapsedS} s, both processes | ${result.jobs.emailTicks} (${result.jobs.runners.length} runner(s)) | ≈ ${result.jobs.emailTicksExpectedOnce}, not twice that |`,
      ],
      conditions: [
        "nginx 1.22 (1 worker), proxy_cache honouring the app's `Cache-Control: public, s-maxage=1, stale-while-revalidate=30`; keep-alive upstream, round robin.",
        "The simulators' state is per process: a payment started through one process is answered by that process's simulator; the 100-at-once pairs go through nginx, so a buyer's order and payment start may land on different processes (both read the order from the database).",
        `Machine: ${machine().cpu}; shared with other work, so absolute req/s are noisy.`,
      ],
      figures: result,
    });
    return result;
  } finally {
    await nginx.stop();
    await Promise.all([a.stop(), b.stop()]);
    await db.drop();
  }
}

runAsScript(import.meta.url, run, (r) => !r || (r.oversold === 0 && r.sold + r.held === SEATS));
