/**
 * First-load JavaScript of a page: fetches the URL, collects the `<script src>`s its HTML loads, gzips
 * each and prints their sizes and the total. `nomodule` scripts (legacy polyfills, which no modern
 * browser loads) and inline scripts (React's streamed payload) are listed separately, not counted.
 *
 *   npx tsx scripts/page-weight.ts http://localhost:3100/events/nairobi-tech-summit
 */
import { gzipSync } from "node:zlib";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error("Usage: npx tsx scripts/page-weight.ts <url>");
    process.exit(2);
  }
  const page = await fetch(url);
  if (!page.ok) throw new Error(`${url} answered ${page.status}`);
  const html = await page.text();

  const sources = new Set<string>();
  const legacy = new Set<string>();
  let inlineBytes = 0;
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1];
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    const value = src?.[1] ?? src?.[2] ?? src?.[3];
    if (!value) inlineBytes += Buffer.byteLength(match[2]);
    else (/\bnomodule\b/i.test(attributes) ? legacy : sources).add(new URL(value.replaceAll("&amp;", "&"), url).href);
  }

  let raw = 0;
  let gzipped = 0;
  const rows: [string, number, number][] = [];
  for (const src of sources) {
    const res = await fetch(src);
    if (!res.ok) throw new Error(`${src} answered ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzipped += gz;
    rows.push([new URL(src).pathname, body.length, gz]);
  }

  rows.sort((a, b) => b[2] - a[2]);
  for (const [path, size, gz] of rows) console.log(`${kb(gz).padStart(9)} gzip  ${kb(size).padStart(9)} raw  ${path}`);
  console.log(`${sources.size} scripts: ${kb(gzipped)} gzip (${kb(raw)} raw)`);
  for (const src of legacy)
    console.log(`not counted: nomodule ${new URL(src).pathname} (loaded only by browsers without ES modules)`);
  console.log(`not counted: inline scripts, ${kb(inlineBytes)} raw`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
