/** Test helpers: throwaway RSA key pairs (made per test run, never stored) and the recorded payloads. */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { signFields } from "./sign";

export function throwawayPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return {
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "pkcs1", format: "pem" }).toString(),
  };
}

export const fixtureText = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** A recorded envelope with `data` changed as given and signed with `privateKey` (a stand-in for Ksher's). */
export function resigned(name: string, privateKey: string, patch: Record<string, unknown> = {}): string {
  const body = JSON.parse(fixtureText(name)) as { data: Record<string, unknown>; sign: string };
  // A patch value of undefined removes the field, as it would be absent from the JSON Ksher sends.
  body.data = Object.fromEntries(Object.entries({ ...body.data, ...patch }).filter(([, v]) => v !== undefined));
  body.sign = signFields(body.data, privateKey);
  return JSON.stringify(body);
}
