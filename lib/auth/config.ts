// Auth.js: Credentials sign-in with JWT sessions. Every token names a session record and the session version
// it was issued under, and both are checked on every use (lib/auth/check-session.ts): signing out ends that
// one token on the server, bumping sessionVersion (sign out everywhere, disable) ends them all.
import "server-only";
import { cookies } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/client-address";
import { describeDevice } from "@/lib/client-device";
import { logger } from "@/lib/logger";
import { loginSchema } from "./schemas";
import { verifyCredentials } from "./verify-credentials";
import { deviceCookieName, deviceCookieValue, DEVICE_COOKIE_MAX_AGE, knownDevice } from "./device-cookie";
import { startSession } from "./start-session";
import { checkSession } from "./check-session";
import { endSessionOfToken } from "./end-session";
import { redeemHandoffTicket } from "./handoff-ticket";
import { CHALLENGE_TTL_SECONDS, issueTwoFactorChallenge, twoFactorChallengeCookieName } from "./two-factor-sign-in";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "./session-lifetime";
import { redirectTarget } from "./redirect-target";
import { AUTH_METHODS, type AuthMethod } from "./auth-method";

export { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS };

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
export class ThrottledSignIn extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}
/** The password hashing queue is full (lib/auth/password-pool.ts). */
export class BusySignIn extends CredentialsSignin {
  code = "busy";
}
/** The password was right; the account asks for a code next (the challenge cookie is set). */
export class TwoFactorRequired extends CredentialsSignin {
  code = "two_factor";
}

const cookieOptions = (maxAge: number) => ({ httpOnly: true, sameSite: "lax" as const, secure: env().secureCookies, path: "/", maxAge });

/** What every way of signing in ends with: a session record saying how, the device cookie, the user for the token. */
async function completeSignIn(userId: string, request: Request, authMethod: AuthMethod) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, sessionVersion: true, disabled: true },
  });
  if (!user || user.disabled) throw new InvalidCredentials();
  const jar = await cookies();
  const sessionId = await startSession({
    userId,
    userAgent: request.headers.get("user-agent"),
    address: clientAddress(request.headers),
    authMethod,
    newBrowser: knownDevice(jar.get(deviceCookieName())?.value, userId) === null,
  });
  jar.set(deviceCookieName(), deviceCookieValue(userId), cookieOptions(DEVICE_COOKIE_MAX_AGE));
  // Removed with the attributes it was set with: a browser keeps a __Host- cookie whose removal lacks Secure.
  jar.set(twoFactorChallengeCookieName(), "", cookieOptions(0));
  return { id: user.id, name: user.username, sessionVersion: user.sessionVersion, sessionId };
}

type IssuedUser = { sessionVersion: number; sessionId: string };

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: env().AUTH_SECRET,
  // Auth.js builds its URLs from X-Forwarded-Host/-Proto or Host. server.ts removes the forwarded ones unless
  // the connection comes from one of TRUSTED_PROXIES, so what Auth.js trusts here is what a trusted proxy
  // reported, or the host the client itself connected to (docs/decisions/017).
  trustHost: true,
  useSecureCookies: env().secureCookies,
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 15 * 60 },
  // Coffer's own pages; Auth.js's built-in ones answer 404 (app/api/auth/[...nextauth]/route.ts).
  pages: { signIn: "/login", error: "/login", signOut: "/login" },
  logger: {
    // Auth.js errors carry no credentials; keep only their names and messages.
    error: (error) => logger.warn({ err: { name: error.name, message: error.message } }, "auth error"),
    warn: (code) => logger.warn({ code }, "auth warning"),
    debug: () => {},
  },
  providers: [
    Credentials({
      credentials: { identifier: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new InvalidCredentials();
        const jar = await cookies();
        let result;
        try {
          result = await verifyCredentials({
            ...parsed.data,
            address: clientAddress(request.headers),
            deviceCookie: jar.get(deviceCookieName())?.value,
            deviceName: describeDevice(request.headers.get("user-agent")),
          });
        } catch (error) {
          if (error instanceof AppError && error.code === "unavailable") throw new BusySignIn();
          throw error;
        }
        if (!result.ok) {
          if (result.reason === "throttled") throw new ThrottledSignIn(result.retryAfterSeconds);
          throw new InvalidCredentials();
        }
        if (result.user.twoFactor) {
          jar.set(twoFactorChallengeCookieName(), await issueTwoFactorChallenge(result.user.id), cookieOptions(CHALLENGE_TTL_SECONDS));
          throw new TwoFactorRequired();
        }
        return completeSignIn(result.user.id, request, AUTH_METHODS.password);
      },
    }),
    // Server code that has already established who signs in (registration, the two-factor step) hands over
    // through a one-time ticket (lib/auth/handoff-ticket.ts); its HTTP route answers 404.
    Credentials({
      id: "handoff",
      credentials: { ticket: {} },
      async authorize(credentials, request) {
        const handoff = redeemHandoffTicket(credentials?.ticket);
        if (!handoff) throw new InvalidCredentials();
        return completeSignIn(handoff.userId, request, handoff.authMethod);
      },
    }),
  ],
  events: {
    async signOut(message) {
      const sessionId = "token" in message ? message.token?.sid : undefined;
      if (typeof sessionId === "string") await endSessionOfToken(sessionId);
    },
  },
  callbacks: {
    redirect: redirectTarget,
    async jwt({ token, user }) {
      const now = Math.floor(Date.now() / 1000);
      if (user) {
        const issued = user as unknown as IssuedUser;
        token.sub = user.id;
        token.sv = issued.sessionVersion;
        token.sid = issued.sessionId;
        token.authTime = now;
      }
      if (
        !token.sub ||
        typeof token.sid !== "string" ||
        typeof token.sv !== "number" ||
        typeof token.authTime !== "number" ||
        now - token.authTime > SESSION_ABSOLUTE_SECONDS
      ) {
        return null;
      }
      const checked = await checkSession({ userId: token.sub, sessionId: token.sid, sessionVersion: token.sv });
      if (!checked) return null;
      token.username = checked.username;
      token.role = checked.role;
      token.twoFactor = checked.twoFactor;
      token.secondFactor = checked.secondFactor;
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.sub as string,
        username: token.username as string,
        role: token.role as string,
        sessionId: token.sid as string,
        twoFactor: token.twoFactor === true,
        secondFactor: token.secondFactor === true,
      };
      return session;
    },
  },
});
