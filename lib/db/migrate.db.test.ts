import { PGlite } from "@electric-sql/pglite";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openDatabase } from "./client";
import { applyMigrations, readMigrations, type SqlRunner } from "./migrate";

it("applies migrations once, in order, and refuses an edited one", async () => {
  const pg = new PGlite();
  const migrations = readMigrations();
  expect(await applyMigrations(pg as SqlRunner, migrations)).toEqual(migrations.map((m) => m.name));
  expect(await applyMigrations(pg as SqlRunner, migrations)).toEqual([]);
  const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
  await expect(applyMigrations(pg as SqlRunner, edited)).rejects.toThrow(/changed after it was applied/);
  // The database itself refuses overselling, whatever the application does.
  await pg.exec(`INSERT INTO "Event" (id, slug, name, description, venue, city, country, currency, timezone, "startsAt", "endsAt", "updatedAt")
    VALUES ('e', 'e', 'E', '', '', '', 'KE', 'KES', 'Africa/Nairobi', now(), now(), now())`);
  await pg.exec(
    `INSERT INTO "TicketType" (id, "eventId", name, "priceMinor", currency, capacity, "updatedAt") VALUES ('t', 'e', 'T', 1, 'KES', 1, now())`,
  );
  await expect(pg.exec(`UPDATE "TicketType" SET held = 2 WHERE id = 't'`)).rejects.toThrow(/TicketType_stock_check/);
  await pg.close();
});

it("stops a second process from opening the same embedded database, with a clear message", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lango-lock-"));
  const dataDir = path.join(dir, "pglite");
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    const second = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("${path.resolve("lib/db/client.ts")}").then(m => m.openDatabase({ kind: "pglite", dataDir: ${JSON.stringify(dataDir)} })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(second.status).toBe(3);
    expect(second.stderr).toMatch(/already open in another process \(pid \d+\)/);
    expect(await db.prisma.user.count()).toBe(0);
  } finally {
    await db.close();
  }
  // Once the first process has let go, the directory opens again, with its data intact.
  const again = await openDatabase({ kind: "pglite", dataDir });
  expect(await again.prisma.event.count()).toBe(0);
  await again.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
