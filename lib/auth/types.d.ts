import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; username: string; role: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sv?: number;
    authTime?: number;
    username?: string;
    role?: string;
  }
}
