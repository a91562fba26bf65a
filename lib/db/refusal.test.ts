import { expect, it } from "vitest";
import { refuseIf, refusalOf } from "./refusal";

it("a refusal's reason is a code written into the statement, so it can never carry SQL", () => {
  expect(refuseIf("unpaid_holds", `SELECT 1 WHERE $1`, [true])).toEqual({
    text: `SELECT lango_refuse('unpaid_holds') FROM (SELECT 1 WHERE $1) AS "broken" LIMIT 1`,
    params: [true],
  });
  expect(() => refuseIf("x'); DROP TABLE t; --", "SELECT 1")).toThrow(/code/);
  expect(() => refuseIf("", "SELECT 1")).toThrow(/code/);
});

it("tells a refusal from other database errors, also when a driver adapter wraps it", () => {
  expect(refusalOf(Object.assign(new Error("unpaid_holds"), { code: "LG001" }))).toBe("unpaid_holds");
  expect(refusalOf({ message: "Raw query failed", cause: { originalCode: "LG001", message: "catalog_changed" } })).toBe(
    "catalog_changed",
  );
  expect(refusalOf({ code: "P2010", cause: { code: "LG001", message: "unpaid_holds" } })).toBe("unpaid_holds");
  expect(refusalOf(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull();
  expect(refusalOf(new Error("boom"))).toBeNull();
  expect(refusalOf(null)).toBeNull();
});
