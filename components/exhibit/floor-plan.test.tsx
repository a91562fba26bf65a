import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { FloorPlan, FloorPlanBooth } from "@/lib/exhibit/floor-plan";
import { getTranslator } from "@/lib/i18n/translator";
import { BoothList } from "./booth-list";
import { FloorPlanSvg } from "./floor-plan-svg";
import { SizeFilter } from "./size-filter";

const booth = (
  code: string,
  status: FloorPlanBooth["status"],
  x: number,
  description: string | null = null,
): FloorPlanBooth => ({
  id: `b-${code}`,
  description,
  code,
  size: "corner",
  price: 1_800_000_00,
  currency: "TZS",
  status,
  hallId: "h1",
  x,
  y: 0,
  width: 4,
  height: 4,
  staffPasses: 3,
});
const booths = [
  booth("A1", "available", 0, "Banda la kona, karibu na mlango mkuu."),
  booth("A2", "held", 5),
  booth("A3", "booked", 10),
];
const plan: FloorPlan = {
  halls: [{ id: "h1", name: "Ukumbi A", width: 20, height: 10, booths }],
  booths,
  sizes: [
    {
      size: "corner",
      width: 4,
      height: 4,
      priceFrom: 1_800_000_00,
      priceTo: 1_800_000_00,
      staffPasses: 3,
      available: 1,
      total: 3,
    },
  ],
  addons: [],
  available: 1,
};

/** The text a reader meets: visible words and the names a screen reader says. */
const readable = (html: string) =>
  [...html.matchAll(/aria-label="([^"]*)"|>([^<]+)</g)].map((m) => (m[1] ?? m[2]).trim()).filter(Boolean);

describe("issue 18: the floor plan's drawing, list and filter speak the page's language", () => {
  it("in Kiswahili, the plan names each booth and its state, and the list offers to book it", async () => {
    const t = await getTranslator("sw");
    const svg = readable(
      renderToStaticMarkup(<FloorPlanSvg hall={plan.halls[0]} slug="dar" selectedId={undefined} t={t} />),
    );
    expect(svg).toContain("Ramani ya Ukumbi A");
    expect(svg).toContain("Banda A1: La kona, 4 × 4 m, TZS 1,800,000, liko wazi");
    expect(svg).toContain("Banda A2: La kona, 4 × 4 m, TZS 1,800,000, limeshikiliwa");
    expect(svg).toContain("Limehifadhiwa");

    const list = readable(renderToStaticMarkup(<BoothList plan={plan} slug="dar" selectedId="b-A3" t={t} />));
    expect(list).toEqual(expect.arrayContaining(["Banda", "Ukubwa na bei", "Hali", "Hifadhi banda A1", "Hifadhi"]));
    expect(list).toContain("Umelichagua");
    // The organiser's description of the stand, as the page's language gave it (lib/catalog/events.ts).
    expect(list).toContain("Banda la kona, karibu na mlango mkuu.");

    const filter = readable(renderToStaticMarkup(<SizeFilter sizes={plan.sizes} t={t} />));
    expect(filter).toEqual(expect.arrayContaining(["Onyesha", "Ukubwa wote", "La kona", "(1 liko wazi)"]));

    for (const english of ["Booth", "Book", "Available", "Held", "Selected", "Show", "All sizes", "free", "Floor plan"])
      expect([...svg, ...list, ...filter].join("\n")).not.toMatch(new RegExp(`\\b${english}\\b`));
  });

  it("in English, the words the exhibitor pages have always used", async () => {
    const t = await getTranslator("en");
    const svg = readable(renderToStaticMarkup(<FloorPlanSvg hall={plan.halls[0]} slug="dar" t={t} />));
    expect(svg).toContain("Booth A1: Corner, 4 × 4 m, TZS 1,800,000, available");
    const list = readable(renderToStaticMarkup(<BoothList plan={plan} slug="dar" t={t} />));
    expect(list).toEqual(expect.arrayContaining(["Book booth A1", "Book", "Held", "Booked"]));
    const filter = readable(renderToStaticMarkup(<SizeFilter sizes={plan.sizes} t={t} />));
    expect(filter).toEqual(expect.arrayContaining(["All sizes", "Corner", "(1 free)"]));
  });
});
