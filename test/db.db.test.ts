import { afterAll, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, migratedSchemaKey, selectTestDatabases, testDatabases } from "./db";

// Test databases start from a migrated snapshot (PGlite) or template (PostgreSQL): each must still be a
// database of its own, with exactly the migrations of this checkout.
for (const kind of testDatabases) {
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
  });

  it(`every test file gets its own empty database with every migration applied [${kind}]`, async () => {
    const first = await createTestDatabase(kind);
    opened.push(first);
    const second = await createTestDatabase(kind);
    opened.push(second);

    const applied = await first.prisma.$queryRaw<{ name: string; checksum: string }[]>`
      SELECT name, checksum FROM "_lango_migrations" ORDER BY name`;
    expect(applied).toEqual(readMigrations().map((m) => ({ name: m.name, checksum: m.checksum })));
    expect(await first.prisma.event.count()).toBe(0);

    await first.prisma.user.create({ data: { email: "only-in-the-first@example.com", role: "admin" } });
    expect(await first.prisma.user.count()).toBe(1);
    expect(await second.prisma.user.count()).toBe(0);
  });
}

it("an edited, added or removed migration gets a snapshot of its own", () => {
  const migrations = readMigrations();
  const key = migratedSchemaKey(migrations);
  expect(migratedSchemaKey(readMigrations())).toBe(key);
  const edited = migrations.map((m, i) => (i === migrations.length - 1 ? { ...m, checksum: "edited" } : m));
  expect(migratedSchemaKey(edited)).not.toBe(key);
  const added = [...migrations, { name: "9999_next", sql: "SELECT 1", checksum: "next" }];
  expect(migratedSchemaKey(added)).not.toBe(key);
  expect(migratedSchemaKey(migrations.slice(0, -1))).not.toBe(key);
});

it("TEST_DATABASES narrows the databases to the ones named, and refuses one that cannot run", () => {
  const url = "postgres://x@127.0.0.1/y";
  expect(selectTestDatabases({})).toEqual(["pglite"]);
  expect(selectTestDatabases({ TEST_DATABASE_URL: url })).toEqual(["pglite", "postgres"]);
  expect(selectTestDatabases({ TEST_DATABASE_URL: url, TEST_DATABASES: "postgres" })).toEqual(["postgres"]);
  expect(selectTestDatabases({ TEST_DATABASE_URL: url, TEST_DATABASES: " pglite , " })).toEqual(["pglite"]);
  expect(() => selectTestDatabases({ TEST_DATABASES: "postgres" })).toThrow(/TEST_DATABASE_URL/);
  expect(() => selectTestDatabases({ TEST_DATABASE_URL: url, TEST_DATABASES: "mysql" })).toThrow(/mysql/);
});
