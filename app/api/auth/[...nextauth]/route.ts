// Auth.js endpoints (session, csrf, callback, signout).
import { handlers } from "@/lib/auth/config";

export const { GET, POST } = handlers;
