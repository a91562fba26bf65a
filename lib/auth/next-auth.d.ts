import type { DefaultSession } from "next-auth";
import type { Role } from "./roles";

// What Lango keeps in the session: the user's id, role, the account's session version at sign-in and the
// session's own id (lib/auth/session-version.ts). The JWT is encrypted, never read by the browser.
declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; sessionVersion?: number; sessionId?: string } & NonNullable<DefaultSession["user"]>;
  }
  interface User {
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
    sessionVersion?: number;
    sessionId?: string;
  }
}
