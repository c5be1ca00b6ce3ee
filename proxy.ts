// Two jobs, neither of them access control (every page, action and route handler checks the session
// and the permission itself): send anonymous visitors of private pages to the sign-in page, and answer
// 429 to a client that has been guessing link tokens (the link page counts its misses).
import { NextResponse, type NextRequest } from "next/server";
import { check } from "@/lib/rate-limit";
import { clientAddress, throttleKey } from "@/lib/client-address";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/s/")) {
    const state = await check("linkMiss", throttleKey(clientAddress(request.headers)));
    if (state.ok) return NextResponse.next();
    return new NextResponse("Too many attempts. Try again later.", {
      status: 429,
      headers: { "Retry-After": String(state.retryAfterSeconds), "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
    });
  }
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname);
  return NextResponse.redirect(login);
}

// Routes that receive file bytes (/api/...) must stay out of this matcher: the proxy cuts request bodies at 10 MB.
export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/files/:path*", "/upload/:path*", "/admin/:path*", "/s/:token"],
};
