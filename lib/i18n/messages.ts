import type { Locale } from "./config";
import type en from "@/messages/en.json";

/** The English file is the reference: every other language has exactly its keys (messages.test.ts). */
export type Messages = typeof en;

const loaded = new Map<Locale, Messages>();

/** A language's messages, loaded once per process. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const cached = loaded.get(locale);
  if (cached) return cached;
  const messages = ((await import(`@/messages/${locale}.json`)) as { default: Messages }).default;
  loaded.set(locale, messages);
  return messages;
}
