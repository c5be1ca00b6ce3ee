import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      username: string;
      role: string;
      sessionId: string;
      twoFactor: boolean;
      secondFactor: boolean;
    } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sv?: number;
    sid?: string;
    authTime?: number;
    username?: string;
    role?: string;
    twoFactor?: boolean;
    secondFactor?: boolean;
  }
}
