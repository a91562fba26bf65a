/**
 * Check-in: POST /api/checkin as gate staff for paid tickets — first scans (admitted), repeat scans
 * (already checked in) and tampered codes (invalid), one at a time and 20 gates at once.
 *
 *   npx tsx bench/checkin.ts        (BENCH_DATABASES=postgres,pglite; TICKETS)
 */
import { DEMO_STAFF } from "@/lib/env";
import { approvePrompt, createTicketType, orderAndPay, post, signIn, waitForStatus } from "./lib/client";
import { json, perSecond, runConcurrent, stats } from "./lib/load";
import { writeResult } from "./lib/results";
import { benchDatabases, freshDatabase, startServer, type DbKind, runAsScript } from "./lib/server";

const ORDERS = Number(process.env.TICKETS) ? Math.ceil(Number(process.env.TICKETS) / 4) : 100;

async function onDatabase(kind: DbKind) {
  console.log(`▶ check-in on ${kind}`);
  const db = await freshDatabase(kind, "checkin");
  const type = await createTicketType(db.open, "Check-in bench", 100_000);
  const server = await startServer(db, { ORDER_RATE_LIMIT_PER_IP: "0" });
  try {
    const base = server.url;
    // Paid orders of 4 tickets each, paid the real way (prompt approved on the virtual phone).
    const paid = await runConcurrent(ORDERS, 10, async (i) => {
      const p = await orderAndPay(base, type.id, 700_000 + i, 4);
      await approvePrompt(base, p.phone);
      await waitForStatus(base, p.paymentId, "succeeded", 50);
      const view = await json<{ tickets: { code: string | null }[] }>(
        await fetch(`${base}/api/orders/${p.reference}`, { headers: { authorization: `Bearer ${p.accessToken}` } }),
      );
      return view.tickets.map((t) => t.code!).filter(Boolean);
    });
    const codes = paid.results.flat();
    const cookie = await signIn(base, DEMO_STAFF.email, DEMO_STAFF.password);
    const scan = async (code: string, gate: string) => {
      const res = await post(`${base}/api/checkin`, { code, gate }, { cookie });
      const body = await json<{ result: string }>(res);
      return body.result;
    };
    const half = Math.floor(codes.length / 2);
    const serial = await runConcurrent(half, 1, (i) => scan(codes[i], "North"));
    const parallel = await runConcurrent(codes.length - half, 20, (i) => scan(codes[half + i], `Gate ${i % 20}`));
    const repeat = await runConcurrent(Math.min(200, codes.length), 20, (i) => scan(codes[i], "South"));
    const tampered = await runConcurrent(Math.min(100, codes.length), 20, (i) =>
      scan(codes[i].slice(0, -3) + (codes[i].endsWith("AAA") ? "BBB" : "AAA"), "North"),
    );
    const count = (rs: string[], want: string) => rs.filter((r) => r === want).length;
    console.log(`  ${codes.length} tickets; first scans p50 ${stats(serial.latencies).p50} ms`);
    return {
      database: kind,
      tickets: codes.length,
      firstScanSerial: { ok: count(serial.results, "ok"), latencyMs: stats(serial.latencies) },
      firstScan20Gates: {
        ok: count(parallel.results, "ok"),
        scansPerSecond: perSecond(parallel.results.length, parallel.elapsedMs),
        latencyMs: stats(parallel.latencies),
      },
      repeatScan: { alreadyCheckedIn: count(repeat.results, "already_checked_in"), latencyMs: stats(repeat.latencies) },
      tamperedCode: { invalid: count(tampered.results, "invalid"), latencyMs: stats(tampered.latencies) },
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
    scenario: "checkin",
    title: "Check-in latency (POST /api/checkin as gate staff)",
    summary: [
      "| database | tickets | first scan, one gate: p50 / p95 / p99 ms | first scan, 20 gates: scans/s, p50 / p95 ms | repeat scan p50 / p95 ms | tampered code p50 / p95 ms |",
      "|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.database} | ${r.tickets} | ${r.firstScanSerial.latencyMs.p50} / **${r.firstScanSerial.latencyMs.p95}** / ${r.firstScanSerial.latencyMs.p99} | ${r.firstScan20Gates.scansPerSecond}, ${r.firstScan20Gates.latencyMs.p50} / ${r.firstScan20Gates.latencyMs.p95} | ${r.repeatScan.latencyMs.p50} / ${r.repeatScan.latencyMs.p95} | ${r.tamperedCode.latencyMs.p50} / ${r.tamperedCode.latencyMs.p95} |`,
      ),
    ],
    conditions: [
      "Tickets paid the real way (order, STK push, approval on the virtual phone); staff signed in through next-auth's credentials form.",
      "Each scan verifies the Ed25519 code, checks the ticket and writes the check-in in one transaction.",
      ...results.map(
        (r) =>
          `${r.database}: ${r.firstScanSerial.ok + r.firstScan20Gates.ok}/${r.tickets} first scans admitted, ${r.repeatScan.alreadyCheckedIn} repeats answered already_checked_in, ${r.tamperedCode.invalid}/${Math.min(100, r.tickets)} tampered codes invalid.`,
      ),
    ],
    figures: { results },
  });
  return results;
}

runAsScript(import.meta.url, run);
