import en from "@/messages/en.json";

export { formatDeadline, formatEventDateTime, formatShortDateTime, formatTime } from "@/lib/dates";

export type PhoneHintKey = keyof typeof en.common.phoneHint;

/** Buyers type local numbers; the hint (`common.phoneHint.<key>`) shows the shape for the event's country. */
export function phoneHintKey(country: string): PhoneHintKey {
  const key = country.toUpperCase();
  return key in en.common.phoneHint ? (key as PhoneHintKey) : "other";
}

/** The hint in English, for pages that are not translated yet. */
export function phoneHint(country: string): string {
  return en.common.phoneHint[phoneHintKey(country)];
}
