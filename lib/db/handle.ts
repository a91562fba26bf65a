import type { PrismaClient } from "./generated/client";

/**
 * The database handle's type, apart from the module that opens it (client.ts): code that is handed a
 * handle (a gateway's paybill or desk capability) names its type without being able to open one itself.
 */
export type Db = PrismaClient;
export type DbTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
