export { formatDeadline, formatEventDateTime, formatShortDateTime, formatTime } from "@/lib/dates";

/** Buyers type local numbers; the hint shows the shape for the event's country. */
export function phoneHint(country: string): string {
  switch (country.toUpperCase()) {
    case "KE":
      return "e.g. 0712 345 678. We send M-Pesa prompts and updates to this number.";
    case "TZ":
      return "e.g. 0754 123 456. We send mobile-money prompts and updates to this number.";
    case "UG":
      return "e.g. 0772 123 456. We send mobile-money prompts and updates to this number.";
    case "RW":
      return "e.g. 0788 123 456. We send mobile-money prompts and updates to this number.";
    default:
      return "Include your country code, e.g. +254 712 345 678.";
  }
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
