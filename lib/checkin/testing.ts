import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import type { Db } from "@/lib/db/client";

/** Test helper: a new user of that role and the session cookie a signed-in browser would send. */
export async function sessionCookie(db: Db, role: "admin" | "staff" | "exhibitor"): Promise<string> {
  const u = await db.user.create({ data: { email: `${role}-${Date.now()}-${Math.random()}@example.com`, role } });
  return `next-auth.session-token=${await encode({ token: { sub: u.id, id: u.id, role }, secret: authSecret({}) })}`;
}
