import "server-only";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";

export interface Health {
  status: "ok" | "unavailable";
  database: "up" | "down";
}

/**
 * What a load balancer or uptime monitor asks: is this process serving, and does it reach its database?
 * One round trip, no ORM, so probing it often costs next to nothing.
 */
export async function checkHealth(getDb: () => Promise<Db>): Promise<Health> {
  try {
    await sqlOf(await getDb()).query("SELECT 1");
    return { status: "ok", database: "up" };
  } catch {
    return { status: "unavailable", database: "down" };
  }
}
