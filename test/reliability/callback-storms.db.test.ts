import { afterAll, beforeAll, it } from "vitest";
import { CI_SEED, seededRng, seedFromEnv } from "@/bench/lib/prng";
import { useDatabase } from "@/lib/db/client";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { registeredStormGateways, runStorm, type Server } from "./storm";

/** Storms per gateway and orders per storm: bounded in `npm test`; the bench runs bigger ones. */
const STORMS = Number(process.env.STORMS) || 1;
const ORDERS = Number(process.env.STORM_ORDERS) || 6;
const seed = seedFromEnv(process.env, CI_SEED);

describeEachDatabase(
  "callback storms: duplicated, reordered, late, forged and wrong-amount notifications",
  (database) => {
    const db = () => database().prisma;
    let server: Server;

    beforeAll(async () => {
      await seedDemo(db());
      useDatabase(database());
      server = await startAppServer();
      console.log(`storms: ${STORMS} × ${ORDERS} orders per gateway, RELIABILITY_SEED=${seed}`);
    });
    afterAll(() => server?.close());

    for (const gw of registeredStormGateways()) {
      it(`${gw.id}: never two fulfilments, never paid without the gateway, never oversold`, async () => {
        const rng = seededRng(seed ^ [...gw.id].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
        for (let i = 0; i < STORMS; i++) {
          const report = await runStorm(db(), server, gw, rng, { orders: ORDERS });
          console.log(
            `storm ${gw.id} #${i + 1} (seed ${seed}): ${report.orders} orders (${report.refunds} refunded after), ${report.deliveries} notifications ${JSON.stringify(report.statuses)} in ${report.ms} ms`,
          );
        }
      }, 120_000);
    }
  },
);
