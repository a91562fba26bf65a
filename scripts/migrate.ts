/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
import { openDatabase } from "../lib/db/client";
import { resolveDatabaseTarget } from "../lib/db/config";

const target = resolveDatabaseTarget();
const db = await openDatabase(target, { log: (l) => console.log(l) });
await db.close();
console.log(`migrations up to date (${target.kind})`);
