import "server-only";
import type { BoothView, EventDetail } from "../catalog/events";
import type { Db } from "../db/client";
import { BOOTH_SIZES, type BoothSizeWord } from "./sizes";

export interface FloorPlanBooth extends BoothView {
  staffPasses: number;
}

export interface FloorPlanHall {
  id: string;
  name: string;
  /** Canvas in metres. */
  width: number;
  height: number;
  booths: FloorPlanBooth[];
}

/** One line of the legend: what a size measures and costs, and how many are still free. */
export interface SizeSummary {
  size: BoothSizeWord;
  /** The usual footprint of this size in metres (the most common one, should a hall mix them). */
  width: number;
  height: number;
  priceFrom: number;
  priceTo: number;
  staffPasses: number;
  available: number;
  total: number;
}

export interface AddonView {
  id: string;
  code: string;
  name: string;
  price: number;
  currency: string;
}

export interface FloorPlan {
  halls: FloorPlanHall[];
  /** Every booth of every hall, in reading order (A1, A2, … A10), for the list view. */
  booths: FloorPlanBooth[];
  sizes: SizeSummary[];
  addons: AddonView[];
  available: number;
}

/**
 * The exhibitor's view of an event's floor: halls with their booths' geometry and live status (the
 * event detail has already released holds that ran out), the size legend and the priced add-ons.
 */
export async function getFloorPlan(db: Db, event: EventDetail): Promise<FloorPlan> {
  const [addons, passes] = await Promise.all([
    db.addon.findMany({ where: { eventId: event.id }, orderBy: { priceMinor: "desc" } }),
    db.booth.findMany({ where: { eventId: event.id }, select: { id: true, staffPasses: true } }),
  ]);
  return buildFloorPlan(
    event,
    new Map(passes.map((p) => [p.id, p.staffPasses])),
    addons.map((a) => ({ id: a.id, code: a.code, name: a.name, price: a.priceMinor, currency: a.currency })),
  );
}

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, "en", { numeric: true });

export function buildFloorPlan(
  event: Pick<EventDetail, "halls" | "booths">,
  staffPasses: Map<string, number>,
  addons: AddonView[],
): FloorPlan {
  const booths = event.booths.map((b) => ({ ...b, staffPasses: staffPasses.get(b.id) ?? 0 })).sort(byCode);
  const halls = event.halls
    .map((h) => ({ ...h, booths: booths.filter((b) => b.hallId === h.id) }))
    .filter((h) => h.booths.length > 0);
  const sizes = BOOTH_SIZES.flatMap((size): SizeSummary[] => {
    const of = booths.filter((b) => b.size === size);
    if (of.length === 0) return [];
    const footprints = new Map<string, { width: number; height: number; count: number }>();
    for (const b of of) {
      const key = `${b.width}x${b.height}`;
      const f = footprints.get(key) ?? { width: b.width, height: b.height, count: 0 };
      f.count++;
      footprints.set(key, f);
    }
    const usual = [...footprints.values()].sort((a, b) => b.count - a.count)[0];
    const prices = of.map((b) => b.price);
    return [
      {
        size,
        width: usual.width,
        height: usual.height,
        priceFrom: Math.min(...prices),
        priceTo: Math.max(...prices),
        staffPasses: Math.max(...of.map((b) => b.staffPasses)),
        available: of.filter((b) => b.status === "available").length,
        total: of.length,
      },
    ];
  });
  return { halls, booths, sizes, addons, available: booths.filter((b) => b.status === "available").length };
}
