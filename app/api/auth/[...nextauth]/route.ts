// Auth.js endpoints, only those Coffer uses: the session (read, and refreshed by SessionKeepAlive), the CSRF
// token and the credentials callback, seen under the public origin (APP_URL). Auth.js's own pages (sign-in,
// sign-out, error…) and the server-only "handoff" provider answer 404: Coffer has pages of its own, and
// proxy.ts does not give /api the page CSP.
import { handlers } from "@/lib/auth/config";
import { onPublicOrigin } from "@/lib/http/on-public-origin";

const ALLOWED = { GET: new Set(["session", "csrf"]), POST: new Set(["callback/credentials"]) };

type Context = { params: Promise<{ nextauth: string[] }> };

const publicGet = onPublicOrigin(handlers.GET);
const publicPost = onPublicOrigin(handlers.POST);

function notFound(): Response {
  return new Response("Not found.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

export async function GET(request: Parameters<typeof handlers.GET>[0], context: Context) {
  const action = (await context.params).nextauth.join("/");
  return ALLOWED.GET.has(action) ? publicGet(request) : notFound();
}

export async function POST(request: Parameters<typeof handlers.POST>[0], context: Context) {
  const action = (await context.params).nextauth.join("/");
  return ALLOWED.POST.has(action) ? publicPost(request) : notFound();
}
