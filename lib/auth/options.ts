import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { readEnv } from "../env";
import { authenticate } from "./credentials";
import { authSecret } from "./secret";

/** Sign-in error words the sign-in page turns into sentences ("CredentialsSignin" is next-auth's own). */
export const SIGN_IN_ERRORS = { locked: "locked", invalid: "CredentialsSignin" } as const;

/** Staff sessions last a long day at the gate, not a month. */
const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Whether session cookies are `__Secure-` (https deployments); the guard reads the same cookie name. */
export const secureCookies = (env: Record<string, string | undefined> = process.env) => readEnv(env).APP_URL.startsWith("https://");

/**
 * next-auth (v4) for admins and staff: e-mail and password against the User table, sessions as
 * encrypted JWTs carrying the user's id and role.
 */
export function authOptions(env: Record<string, string | undefined> = process.env): NextAuthOptions {
  // next-auth v4 builds its redirect and callback URLs only from NEXTAUTH_URL; without it they point at
  // localhost:3000 whatever the app's real address is.
  process.env.NEXTAUTH_URL ??= readEnv(env).APP_URL;
  return {
    secret: authSecret(env),
    useSecureCookies: secureCookies(env),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: {
          email: { label: "E-mail", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const result = await authenticate(await getDb(), credentials);
          if (result.ok) return result.user;
          // A thrown message reaches the sign-in page as ?error=…; null becomes "CredentialsSignin".
          if (result.reason === "locked") throw new Error(SIGN_IN_ERRORS.locked);
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.id = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        if (token.id && token.role) session.user = { ...session.user, id: token.id, role: token.role };
        return session;
      },
    },
  };
}
