import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import { isUnstorableText } from "./errors";
import { refuseIf, refusalOf } from "./refusal";
import { sqlOf, type SqlDatabase } from "./sql";

// The order route's transaction sends BEGIN with its first statements and COMMIT with its last (one round
// trip each on PostgreSQL, values written in as literals): it must behave exactly like one statement at a
// time with bound parameters, on both databases.
describeEachDatabase("plain SQL: batches and commitWith", (database) => {
  let sql: SqlDatabase;
  beforeAll(async () => {
    sql = sqlOf(database().prisma);
    await sql.query(`CREATE TABLE "SqlProbe" ("id" text PRIMARY KEY, "n" int NOT NULL CHECK ("n" <= 3), "note" text,
      "tags" text[], "flag" boolean, "at" timestamp, "data" jsonb)`);
  });
  const count = async (prefix: string) =>
    (await sql.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "SqlProbe" WHERE "id" LIKE $1`, [`${prefix}%`]))
      .rows[0].n;

  it("statements in a batch run in order, each seeing the one before; commitWith commits them all", async () => {
    const counts = await sql.transaction(async (tx) => {
      const [inserted, seen] = await tx.batch([
        { text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1), ($2, 1)`, params: ["a1", "a2"] },
        { text: `SELECT count(*)::int AS "n" FROM "SqlProbe" WHERE "id" LIKE 'a%'` },
      ]);
      expect(inserted.rowCount).toBe(2);
      expect(seen.rows).toEqual([{ n: 2 }]);
      // Not visible outside before the commit (PGlite runs nothing beside an open transaction).
      if (database().kind === "postgres") expect(await count("a")).toBe(0);
      return tx.commitWith([
        { text: `UPDATE "SqlProbe" SET "n" = "n" + $2 WHERE "id" = $1`, params: ["a1", 2] },
        { text: `UPDATE "SqlProbe" SET "n" = "n" + $2 WHERE "id" = $1`, params: ["nobody", 2] },
      ]);
    });
    expect(counts).toEqual([1, 0]);
    expect((await sql.query(`SELECT "id", "n" FROM "SqlProbe" WHERE "id" LIKE 'a%' ORDER BY "id"`)).rows).toEqual([
      { id: "a1", n: 3 },
      { id: "a2", n: 1 },
    ]);
  });

  it("nothing runs on a transaction after commitWith", async () => {
    await expect(
      sql.transaction(async (tx) => {
        await tx.commitWith([{ text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 0)`, params: ["b1"] }]);
        await tx.query(`INSERT INTO "SqlProbe" ("id", "n") VALUES ('b2', 0)`);
      }),
    ).rejects.toThrow(/committed/);
    // PGlite's transaction ends when its callback does, so there the refused callback rolls b1 back too;
    // on PostgreSQL it was committed with the statement. Either way b2 was never written.
    expect((await sql.query(`SELECT "id" FROM "SqlProbe" WHERE "id" = 'b2'`)).rowCount).toBe(0);
  });

  it("a statement the database refuses in commitWith rolls the whole transaction back, and the connection is fine", async () => {
    const error = await sql
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1)`, ["c1"]);
        await tx.batch([{ text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1)`, params: ["c2"] }]);
        return tx.commitWith([{ text: `UPDATE "SqlProbe" SET "n" = "n" + $2 WHERE "id" = $1`, params: ["c1", 5] }]);
      })
      .catch((e: { code?: string }) => e);
    expect(error).toMatchObject({ code: "23514" });
    expect(await count("c")).toBe(0);
    // Every pooled connection still works (one that was left mid-transaction would fail or leak).
    const answers = await Promise.all(Array.from({ length: 12 }, () => sql.query(`SELECT 1 AS "one"`)));
    expect(answers.every((a) => a.rows[0] && (a.rows[0] as { one: number }).one === 1)).toBe(true);
  });

  it("a refused first statement (sent with BEGIN) rolls back, and the next transaction starts clean", async () => {
    await expect(
      sql.transaction((tx) =>
        tx.batch([
          { text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 9)`, params: ["d1"] },
          { text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1)`, params: ["d2"] },
        ]),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    await sql.transaction((tx) => tx.query(`INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1)`, ["d3"]));
    expect((await sql.query(`SELECT "id" FROM "SqlProbe" WHERE "id" LIKE 'd%'`)).rows).toEqual([{ id: "d3" }]);
  });

  it("values written in as literals arrive exactly as bound parameters would", async () => {
    const awkward = [
      `O'Brien`,
      `back\\slash and \\' quote`,
      `$1 and $2 in the text`,
      `'); DROP TABLE "SqlProbe"; --`,
      "Nairobi — ✓ 😀\nnew line\ttab",
      "",
    ];
    await sql.transaction(async (tx) => {
      await tx.batch(
        awkward.map((note, i) => ({
          text: `INSERT INTO "SqlProbe" ("id", "n", "note", "tags", "flag") VALUES ($1, $2, $3, $4::text[], $5)`,
          params: [`e${i}`, -2 + i * 0, note, i % 2 ? [note, "x"] : [], i % 2 === 0],
        })),
      );
      await tx.commitWith([
        { text: `UPDATE "SqlProbe" SET "note" = $2 WHERE "id" = $1`, params: ["e0", null] },
        {
          text: `UPDATE "SqlProbe" SET "at" = $2::timestamp WHERE "id" = $1`,
          params: ["e1", "2026-12-05T10:00:00.000Z"],
        },
      ]);
    });
    const { rows } = await sql.query<{ id: string; n: number; note: string | null; tags: string[]; flag: boolean }>(
      `SELECT "id", "n", "note", "tags", "flag", to_char("at", 'YYYY-MM-DD HH24:MI') AS "at" FROM "SqlProbe" WHERE "id" LIKE 'e%' ORDER BY "id"`,
    );
    expect(rows).toEqual(
      awkward.map((note, i) => ({
        id: `e${i}`,
        n: -2,
        note: i === 0 ? null : note,
        tags: i % 2 ? [note, "x"] : [],
        flag: i % 2 === 0,
        at: i === 1 ? "2026-12-05 10:00" : null,
      })),
    );
  });

  it("a value with no literal form is bound instead: an object for jsonb; a NUL is refused as unstorable text", async () => {
    await sql.transaction((tx) =>
      tx.commitWith([
        { text: `INSERT INTO "SqlProbe" ("id", "n", "data") VALUES ($1, 0, $2::jsonb)`, params: ["f1", { a: "b'c" }] },
        { text: `UPDATE "SqlProbe" SET "n" = $2 WHERE "id" = $1`, params: ["f1", 2] },
      ]),
    );
    const { rows } = await sql.query(`SELECT "n", "data" FROM "SqlProbe" WHERE "id" = 'f1'`);
    expect(rows).toEqual([{ n: 2, data: { a: "b'c" } }]);

    const refused = await sql
      .transaction((tx) =>
        tx.batch([
          { text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 0)`, params: ["f2"] },
          { text: `UPDATE "SqlProbe" SET "note" = $2 WHERE "id" = $1`, params: ["f2", "a\0b"] },
        ]),
      )
      .catch((e: unknown) => e);
    expect(isUnstorableText(refused)).toBe(true);
    expect(await count("f2")).toBe(0);
  });

  const insert = (id: string, n = 1) => ({
    text: `INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, $2)`,
    params: [id, n],
  });

  it("deferred statements run before the next ones, which alone are answered; a refusal among them rolls all back", async () => {
    await sql.transaction(async (tx) => {
      await tx.defer([insert("g1"), refuseIf("probe_taken", `SELECT 1 FROM "SqlProbe" WHERE "id" = $1`, ["g0"])]);
      const answers = await tx.batch([
        { text: `SELECT count(*)::int AS "n" FROM "SqlProbe" WHERE "id" LIKE 'g%'` },
        insert("g2"),
      ]);
      expect(answers.map((a) => a.rows)).toEqual([[{ n: 1 }], []]);
    });
    expect(await count("g")).toBe(2);

    const refused = await sql
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO "SqlProbe" ("id", "n") VALUES ($1, 1)`, ["g3"]);
        await tx.defer([insert("g4"), refuseIf("probe_taken", `SELECT 1 FROM "SqlProbe" WHERE "id" = $1`, ["g1"])]);
        await tx.commitWith([insert("g5")]);
      })
      .catch((e: unknown) => e);
    expect(refusalOf(refused)).toBe("probe_taken");
    expect(await count("g")).toBe(2);
  });

  it("deferred statements with nothing after them go with the commit, and a refusal there still rolls back", async () => {
    await sql.transaction((tx) =>
      tx.defer([insert("h1"), refuseIf("probe_taken", `SELECT 1 FROM "SqlProbe" WHERE "id" = $1`, ["h0"])]),
    );
    expect(await count("h")).toBe(1);
    const refused = await sql
      .transaction(async (tx) => {
        await tx.defer([insert("h2")]);
        await tx.defer([refuseIf("probe_taken", `SELECT 1 FROM "SqlProbe" WHERE "id" LIKE $1`, ["h%"])]);
      })
      .catch((e: unknown) => e);
    expect(refusalOf(refused)).toBe("probe_taken");
    expect(await count("h")).toBe(1);
    // Outside a transaction, deferred statements simply run.
    await sql.defer([insert("h3")]);
    expect(await count("h")).toBe(2);
  });

  it("a refusal names its reason; any other error is not a refusal", async () => {
    const refused = await sql.query(refuseIf("probe_full", `SELECT 1`).text).catch((e: unknown) => e);
    expect(refusalOf(refused)).toBe("probe_full");
    const other = await sql.query(`SELECT 1/0`).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Error);
    expect(refusalOf(other)).toBeNull();
    expect((await sql.query(refuseIf("probe_full", `SELECT 1 WHERE false`).text)).rows).toEqual([]);
  });

  it("on PostgreSQL a batch runs statements prepared once per connection, which a rollback leaves usable", async () => {
    const bump = { text: `UPDATE "SqlProbe" SET "note" = "note" || $2 WHERE "id" = $1`, params: ["k1", "x"] };
    await sql.query(`INSERT INTO "SqlProbe" ("id", "n", "note") VALUES ('k1', 0, '')`);
    // More transactions than the pool has connections, every other one rolled back after its batch.
    for (let i = 0; i < 24; i++) {
      const done = sql.transaction(async (tx) => {
        await tx.batch([bump, { text: `SELECT "note" FROM "SqlProbe" WHERE "id" = $1`, params: ["k1"] }]);
        if (database().kind === "postgres") {
          const { rows } = await tx.query<{ statement: string }>(
            `SELECT "statement" FROM pg_prepared_statements WHERE "name" LIKE 'lango\_%\_x'`,
          );
          expect(rows.map((r) => r.statement)).toContainEqual(expect.stringContaining(bump.text));
        }
        if (i % 2) throw new Error("roll back");
      });
      if (i % 2) await expect(done).rejects.toThrow("roll back");
      else await done;
    }
    expect((await sql.query(`SELECT "note" FROM "SqlProbe" WHERE "id" = 'k1'`)).rows).toEqual([
      { note: "x".repeat(12) },
    ]);
  });
});
