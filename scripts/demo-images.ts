/**
 * Draws the demo events' pictures (public/images/events/{slug}.png, 1200×630: the size link previews
 * show best). Drawn here rather than downloaded: shapes and the event's words on its colours. Run with
 * `npx tsx scripts/demo-images.ts` after changing the demo events; the PNGs are committed. Uses sharp,
 * which Next installs for its image optimiser.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import sharp from "sharp";
import { demoEvents } from "../lib/db/demo-data";

const PALETTES: Record<string, { from: string; to: string; accent: string }> = {
  "nairobi-tech-summit": { from: "#064e3b", to: "#0f766e", accent: "#fbbf24" },
  "dar-trade-expo": { from: "#1e3a8a", to: "#0369a1", accent: "#f97316" },
  "kampala-music-festival": { from: "#7c2d12", to: "#b91c1c", accent: "#fde047" },
  "bangkok-design-week": { from: "#581c87", to: "#be185d", accent: "#5eead4" },
};

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function svg(name: string, city: string, p: { from: string; to: string; accent: string }, seed: number): string {
  // A row of circles and arcs that differs per event (seeded by the name), so no two look alike.
  const shapes = Array.from({ length: 9 }, (_, i) => {
    const r = 40 + ((seed * (i + 3)) % 90);
    const x = 620 + ((seed * (i + 7) * 37) % 560);
    const y = 40 + ((seed * (i + 11) * 53) % 550);
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="${i % 3 === 0 ? p.accent : "#ffffff"}" fill-opacity="${i % 3 === 0 ? 0.55 : 0.12}"/>`;
  }).join("");
  const words = name.split(" ");
  const lines = words.length > 2 ? [words.slice(0, 2).join(" "), words.slice(2).join(" ")] : [name];
  const title = lines
    .map((l, i) => `<text x="72" y="${300 + i * 92}" font-size="84" font-weight="700">${escape(l)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#g)"/>${shapes}
  <rect x="72" y="150" width="96" height="10" rx="5" fill="${p.accent}"/>
  <g font-family="DejaVu Sans, Arial, sans-serif" fill="#ffffff">${title}
    <text x="72" y="${320 + lines.length * 92}" font-size="40" fill-opacity="0.9">${escape(city)}</text>
    <text x="72" y="580" font-size="28" fill-opacity="0.75">Tickets on Lango</text>
  </g>
</svg>`;
}

async function main() {
  mkdirSync("public/images/events", { recursive: true });
  for (const e of demoEvents(new Date())) {
    const palette = PALETTES[e.slug] ?? PALETTES["nairobi-tech-summit"];
    const seed = [...e.slug].reduce((a, c) => a + c.charCodeAt(0), 0);
    const png = await sharp(Buffer.from(svg(e.name, e.city, palette, seed)))
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    writeFileSync(`public/images/events/${e.slug}.png`, png);
    console.log(`public/images/events/${e.slug}.png ${png.length} bytes`);
  }
}

void main();
