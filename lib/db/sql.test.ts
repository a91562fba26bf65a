import { describe, expect, it } from "vitest";
import { inlineParams, newRowId } from "./sql";

describe("inlineParams: parameters written into a statement for the simple query protocol", () => {
  it("quotes strings the way PostgreSQL reads them back unchanged, and writes numbers, booleans, NULL and arrays", () => {
    expect(inlineParams(`SELECT $1, $2, $3, $4, $5`, ["O'Brien", 12, true, null, undefined])).toBe(
      `SELECT 'O''Brien', 12, TRUE, NULL, NULL`,
    );
    // pg's own escaping: a backslash makes an E'' string (with a space before it).
    expect(inlineParams(`SELECT $1`, ["a\\b"])).toBe(`SELECT  E'a\\\\b'`);
    expect(inlineParams(`SELECT $1::text[], $2::text[]`, [["x", "y'z"], []])).toBe(
      `SELECT ARRAY['x','y''z']::text[], '{}'::text[]`,
    );
  });

  it("brackets a negative number, so that no placement of it can begin a comment", () => {
    expect(inlineParams(`SELECT 5 -$1, $2`, [-2, -0.5])).toBe(`SELECT 5 -(-2), (-0.5)`);
  });

  it("reads $10 as the tenth parameter, not the first followed by a 0", () => {
    const params = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(inlineParams(`SELECT $1, $10`, params)).toBe(`SELECT 1, 10`);
  });

  it("refuses a placeholder without a parameter, and values it cannot write as a literal", () => {
    expect(() => inlineParams(`SELECT $2`, [1])).toThrow(/\$2/);
    expect(() => inlineParams(`SELECT $1`, [Number.POSITIVE_INFINITY])).toThrow(/finite/);
    expect(() => inlineParams(`SELECT $1`, [new Date()])).toThrow(/literal/);
    expect(() => inlineParams(`SELECT $1`, [{ a: 1 }])).toThrow(/literal/);
    expect(() => inlineParams(`SELECT $1`, ["a\0b"])).toThrow(/NUL/);
  });
});

describe("newRowId", () => {
  it("makes ids shaped like Prisma's cuid() that sort in the order they were made, and never repeat", () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => newRowId(1_764_000_000_000 + Math.floor(i / 100)));
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Within one millisecond the counter orders them (100 per ms here); across milliseconds the time does.
    expect([...ids].sort()).toEqual(ids);
  });
});
