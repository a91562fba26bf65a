import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { EmailConfig } from "next-auth/providers/email";
import { getDb } from "../db/client";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { readEnv } from "../env";
import { langoAdapter } from "./adapter";
import { authenticate } from "./credentials";
import {
  CHECK_EMAIL_PATH,
  checkEmailRedirect,
  emailSignInEligibility,
  EXHIBITOR_SIGN_IN_PATH,
  normalizeEmail,
  queueSignInEmail,
  shouldSendSignInLink,
  SIGN_IN_LINK_MINUTES,
} from "./email-signin";
import { authSecret } from "./secret";
import { currentVersion, endSession, isLiveSession, newSessionId } from "./session-version";

/** Sign-in error words the sign-in page turns into sentences ("CredentialsSignin" is next-auth's own). */
export const SIGN_IN_ERRORS = { locked: "locked", invalid: "CredentialsSignin" } as const;

/** What the jwt callback throws for a session that was ended; next-auth then treats it as signed out. */
const SESSION_ENDED = "session ended";

/** Staff sessions last a long day at the gate, not a month. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Whether session cookies are `__Secure-` (https deployments); the guard reads the same cookie name. */
export const secureCookies = (env: Record<string, string | undefined> = process.env) =>
  readEnv(env).APP_URL.startsWith("https://");

/** What the request is, as far as the sign-in rules care (the route handler knows it; callbacks do not). */
export interface AuthRequestContext {
  /** The client's address when TRUST_PROXY lets it be known: sign-in limits count per address. */
  ip?: string;
  /** The language of the page that asked for a sign-in link: the link's e-mail is written in it. */
  lang?: Locale;
}

/**
 * next-auth's e-mail provider without its nodemailer transport: the link goes through Lango's outbox.
 * (next-auth/providers/email imports nodemailer at load, so the provider is spelled out here.)
 */
function exhibitorEmailProvider(lang: Locale): EmailConfig {
  const provider = {
    id: "email",
    type: "email",
    name: "Email",
    server: {},
    from: "",
    maxAge: SIGN_IN_LINK_MINUTES * 60,
    async sendVerificationRequest({ identifier, url, token, expires }) {
      await queueSignInEmail(await getDb(), { to: identifier, url, token, expires, lang });
    },
  } satisfies Omit<EmailConfig, "options">;
  return { ...provider, options: {} };
}

/**
 * next-auth (v4): admins and staff sign in with e-mail and password against the User table; exhibitors
 * with a one-time link e-mailed to the address they booked with. Sessions are encrypted JWTs carrying
 * the user's id and role, and what the server needs to end them early (lib/auth/session-version.ts).
 */
export function authOptions(
  env: Record<string, string | undefined> = process.env,
  request: AuthRequestContext = {},
): NextAuthOptions {
  // next-auth v4 builds its redirect and callback URLs only from NEXTAUTH_URL; without it they point at
  // localhost:3000 whatever the app's real address is.
  process.env.NEXTAUTH_URL ??= readEnv(env).APP_URL;
  return {
    secret: authSecret(env),
    useSecureCookies: secureCookies(env),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Without this, next-auth signs the sign-in token for 30 days whatever session.maxAge says: only the
    // browser's cookie would end after 12 hours, not a copy of it (nor a recorded sign-out's need to outlive it).
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    adapter: langoAdapter(getDb),
    pages: { signIn: "/signin", error: "/signin", verifyRequest: CHECK_EMAIL_PATH },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: {
          email: { label: "E-mail", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          const result = await authenticate(await getDb(), credentials, new Date(), request.ip);
          if (result.ok) return result.user;
          // A thrown message reaches the sign-in page as ?error=…; null becomes "CredentialsSignin".
          if (result.reason === "locked") throw new Error(SIGN_IN_ERRORS.locked);
          return null;
        },
      }),
      exhibitorEmailProvider(request.lang ?? DEFAULT_LOCALE),
    ],
    callbacks: {
      async signIn({ user, account, email }) {
        if (account?.provider !== "email") return true;
        const db = await getDb();
        // Asking for a link: an address that may not have one is answered exactly like one that may,
        // and no token or e-mail is made for it.
        if (email?.verificationRequest)
          return (await shouldSendSignInLink(db, user.email, request.ip)) || checkEmailRedirect(env);
        // Following a link: re-checked, since the account may have changed since the link was sent.
        const address = normalizeEmail(user.email);
        const allowed = address && (await emailSignInEligibility(db, address)) === "exhibitor";
        return allowed || `${EXHIBITOR_SIGN_IN_PATH}?error=AccessDenied`;
      },
      async jwt({ token, user }) {
        const db = await getDb();
        if (user) {
          const sessionVersion = await currentVersion(db, user.id);
          if (sessionVersion === null) throw new Error(SESSION_ENDED);
          // Only a sign-in names a session: a session minted without an id keeps having none, or signing
          // out of its re-issued cookie would leave the copies of the first one alive.
          return { ...token, id: user.id, role: user.role, sessionVersion, sessionId: newSessionId() };
        }
        // Every read of a session (getServerSession, /api/auth/session) passes here. Throwing makes
        // next-auth answer "no session" and clear the cookie, so an ended session is gone everywhere,
        // not only behind requireRole.
        if (!token.id || !(await isLiveSession(db, { ...token, id: token.id }))) throw new Error(SESSION_ENDED);
        return token;
      },
      session({ session, token }) {
        if (token.id && token.role)
          session.user = {
            ...session.user,
            id: token.id,
            role: token.role,
            sessionVersion: token.sessionVersion,
            sessionId: token.sessionId,
          };
        return session;
      },
    },
    logger: {
      error(code, metadata) {
        const err = metadata instanceof Error ? metadata : metadata.error;
        // A refused ended session is the rule working, not a fault: one line, no stack trace.
        if (err?.message === SESSION_ENDED)
          return console.info(JSON.stringify({ level: "info", msg: "ended session refused" }));
        console.error(
          JSON.stringify({
            level: "error",
            msg: `next-auth ${code}`,
            err: err ? String(err) : metadata,
            stack: err?.stack,
          }),
        );
      },
    },
    events: {
      // Signing out ends this session on the server too: a copy of its cookie taken before is refused
      // from now on, while the account's sessions on other devices go on. (next-auth logs and swallows an
      // error here; the cookie is cleared anyway.)
      async signOut({ token }) {
        if (token?.id) await endSession(await getDb(), { ...token, id: token.id }, SESSION_MAX_AGE_SECONDS);
      },
    },
  };
}
