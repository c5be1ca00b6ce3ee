// Auth.js: Credentials sign-in with JWT sessions. Every token is checked against the database on use,
// so bumping a user's sessionVersion (password change, sign out everywhere, disable) ends all sessions at once.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/client-address";
import { describeDevice } from "@/lib/client-device";
import { logger } from "@/lib/logger";
import { loginSchema } from "./schemas";
import { verifyCredentials } from "./verify-credentials";

export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
export class ThrottledSignIn extends CredentialsSignin {
  constructor(readonly retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: env().AUTH_SECRET,
  trustHost: true,
  useSecureCookies: env().secureCookies,
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 15 * 60 },
  pages: { signIn: "/login" },
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
        const result = await verifyCredentials({
          ...parsed.data,
          address: clientAddress(request.headers),
          device: describeDevice(request.headers.get("user-agent")),
        });
        if (result.ok) return { id: result.user.id, name: result.user.username, sessionVersion: result.user.sessionVersion };
        if (result.reason === "throttled") throw new ThrottledSignIn(result.retryAfterSeconds);
        throw new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      const now = Math.floor(Date.now() / 1000);
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion: number }).sessionVersion;
        token.authTime = now;
      }
      if (!token.sub || typeof token.authTime !== "number" || now - token.authTime > SESSION_ABSOLUTE_SECONDS) {
        return null;
      }
      const current = await db.user.findUnique({
        where: { id: token.sub },
        select: { username: true, role: true, disabled: true, sessionVersion: true },
      });
      if (!current || current.disabled || current.sessionVersion !== token.sv) return null;
      token.username = current.username;
      token.role = current.role;
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.sub as string,
        username: token.username as string,
        role: token.role as string,
      };
      return session;
    },
  },
});
