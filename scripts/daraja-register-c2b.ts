/**
 * Registers the paybill's validation and confirmation URLs with Safaricom (C2B register URL), once per
 * paybill when going live: `npx tsx scripts/daraja-register-c2b.ts` with the live environment set
 * (PAYMENTS_MODE=live, APP_URL, DARAJA_*). Production refuses a second registration ("Urls are already
 * registered"); changing them then goes through Safaricom. Simulator mode registers by itself.
 */
import { darajaConfigFromEnv } from "../lib/payments/gateways/daraja";
import { registerC2bUrls } from "../lib/payments/gateways/daraja/c2b";
import { readEnv } from "../lib/env";

async function main() {
  const env = readEnv();
  const config = darajaConfigFromEnv(process.env, { mode: env.PAYMENTS_MODE, appUrl: env.APP_URL });
  if (!config)
    throw new Error(
      "Daraja is not configured: set DARAJA_CONSUMER_KEY, DARAJA_CONSUMER_SECRET, DARAJA_SHORTCODE, DARAJA_PASSKEY and DARAJA_CALLBACK_TOKEN.",
    );
  const result = await registerC2bUrls({
    config,
    fetch,
    now: () => new Date(),
    recordCall: (call) =>
      console.log(
        JSON.stringify({
          operation: call.operation,
          url: call.url,
          httpStatus: call.httpStatus,
          resultCode: call.resultCode,
          ok: call.ok,
        }),
      ),
  });
  console.log(
    result.changed
      ? `Registered paybill ${result.shortCode}:\n  validation   ${result.validationUrl.replace(/token=[^&]+/, "token=…")}\n  confirmation ${result.confirmationUrl.replace(/token=[^&]+/, "token=…")}`
      : `Paybill ${result.shortCode} already has URLs registered; Safaricom keeps the first ones.`,
  );
}

main().catch((err) => {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
});
