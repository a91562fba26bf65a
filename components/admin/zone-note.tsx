import { organiserTimeZone, zoneCaption } from "@/lib/admin/zone";

/** Names, once under a page's heading, the zone every time on the page is written in. */
export function ZoneNote() {
  return <p className="text-xs text-stone-600">Times in {zoneCaption(organiserTimeZone())}.</p>;
}
