import { createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";
import { ksherSandboxCredentials } from "../../../sandbox-accounts/ksher";

/**
 * Ksher's public key as embedded in its SDKs (`ksher_pubkey.pem`, 512-bit RSA): what every reply and
 * notification of api.ksher.net is verified with unless KSHER_PUBLIC_KEY names another (the 2048-bit
 * key of `ksher-sign-version: V2`). A public key, not a secret.
 */
export const KSHER_PUBLIC_KEY = `-----BEGIN RSA PUBLIC KEY-----
MEgCQQC+/eeTgrjeCPHmDS/5osWViFyIAryFRIr5canaYhz3Di3UNkT0sf6TkabF
LvxPcM9JmEtj2O4TXNpgYATkE/sFAgMBAAE=
-----END RSA PUBLIC KEY-----
`;

export const KSHER_GATEWAY_URL = "https://gateway.ksher.com/api";
export const KSHER_PAY_URL = "https://api.mch.ksher.net/KsherPay";

const pem = (kind: "private" | "public") =>
  z.string().refine(
    (text) => {
      try {
        const key = kind === "private" ? createPrivateKey(text) : createPublicKey(text);
        return key.asymmetricKeyType === "rsa";
      } catch {
        return false;
      }
    },
    { message: `must be an RSA ${kind} key in PEM form` },
  );

export const ksherConfigSchema = z.object({
  /** `mch{Merchant No}`. */
  appid: z.string().regex(/^mch\d+$/, "must look like mch35000"),
  /** The merchant's RSA private key (PEM) that signs every request. */
  privateKey: pem("private"),
  /** Ksher's RSA public key (PEM) that every reply and notification is verified with. */
  ksherPublicKey: pem("public"),
  /** gateway_pay, gateway_order_query, cancel_order. */
  gatewayUrl: z.url(),
  /** order_refund. */
  payUrl: z.url(),
  timeoutMs: z.number().int().positive().optional(),
});

export type KsherConfig = z.infer<typeof ksherConfigSchema>;

type Env = Record<string, string | undefined>;

/** PEM text kept on one line in an env file, with `\n` for its line breaks. */
const unescapePem = (value: string) => value.replace(/\\n/g, "\n").trim() + "\n";

/**
 * The Ksher configuration for a mode. Simulator mode uses the simulated sandbox account (throwaway keys,
 * generated in memory). Live mode needs KSHER_APPID and KSHER_PRIVATE_KEY (else null: disabled); a value
 * that is set but unusable throws, naming the variable and never its value.
 */
export function configFromEnv(env: Env, opts: { mode: "simulator" | "live"; appUrl: string }): KsherConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  const timeoutMs = get("KSHER_TIMEOUT_MS");
  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    const sandbox = ksherSandboxCredentials();
    candidate = { ...sandbox, gatewayUrl: `${appUrl}/sim/ksher/api`, payUrl: `${appUrl}/sim/ksher/KsherPay` };
  } else {
    const appid = get("KSHER_APPID");
    const privateKey = get("KSHER_PRIVATE_KEY");
    if (!appid || !privateKey) return null;
    const publicKey = get("KSHER_PUBLIC_KEY");
    candidate = {
      appid,
      privateKey: unescapePem(privateKey),
      ksherPublicKey: publicKey ? unescapePem(publicKey) : KSHER_PUBLIC_KEY,
      gatewayUrl: (get("KSHER_GATEWAY_URL") ?? KSHER_GATEWAY_URL).replace(/\/+$/, ""),
      payUrl: (get("KSHER_API_URL") ?? KSHER_PAY_URL).replace(/\/+$/, ""),
    };
  }
  if (timeoutMs !== undefined) candidate.timeoutMs = Number(timeoutMs);
  const parsed = ksherConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid Ksher configuration: ${problems}`);
  }
  return parsed.data;
}
