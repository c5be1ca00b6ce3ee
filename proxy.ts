// Runs before pages (never before /api: it would cut upload bodies at 10 MB). It decides no access:
// every page, action and route handler checks the session and the permission itself. It only
//  - gives each page a CSP with a fresh nonce,
//  - sends anonymous visitors of private pages to the sign-in page,
//  - answers 429 to a client that has been guessing link or file request tokens (the pages count their misses).
import { NextResponse, type NextRequest } from "next/server";
import { check } from "@/lib/rate-limit";
import { clientAddress, throttleKey } from "@/lib/client-address";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
// The routes of app/(app), the signed-in part of the app, as next.config.mjs read them from that folder at build time.
const PRIVATE_PREFIXES = (process.env.COFFER_PRIVATE_ROUTES ?? "").split(",").filter(Boolean);

function isPrivate(pathname: string): boolean {
  return PRIVATE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/s/") || pathname.startsWith("/r/")) {
    const state = await check("linkMiss", throttleKey(clientAddress(request.headers)));
    if (!state.ok) {
      return new NextResponse("Too many attempts. Try again later.", {
        status: 429,
        headers: { "Retry-After": String(state.retryAfterSeconds), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
      });
    }
    // A link download or preview sends its own CSP (sandbox); the page policy below would replace it.
    if (/^\/s\/[^/]+\/(download|preview)\/?$/.test(pathname)) return NextResponse.next();
  }
  if (isPrivate(pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", pathname);
    return NextResponse.redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("x-nonce", nonce);
  // For a link's 404 page, which learns no params: it names why the link is gone (app/s/[token]/not-found.tsx).
  requestHeaders.set("x-coffer-pathname", pathname);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
