import { expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { checkHealth } from "./health";

describeEachDatabase("health check", (database) => {
  it("answers ok when the database answers", async () => {
    expect(await checkHealth(async () => database().prisma)).toEqual({ status: "ok", database: "up" });
  });
});

it("answers unavailable, not an error, when the database cannot be opened or reached", async () => {
  expect(await checkHealth(() => Promise.reject(new Error("connect ECONNREFUSED")))).toEqual({
    status: "unavailable",
    database: "down",
  });
  // A client with no SQL connection behind it (not opened by openDatabase) is down too.
  expect(await checkHealth(async () => ({}) as Db)).toEqual({ status: "unavailable", database: "down" });
});
