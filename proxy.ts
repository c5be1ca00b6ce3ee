// Sends anonymous visitors of private pages to the sign-in page. It only redirects: every page,
// action and route handler checks the session and the permission again on its own.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("next", request.nextUrl.pathname);
  return NextResponse.redirect(login);
}

// Routes that receive file bytes (/api/...) must stay out of this matcher: the proxy cuts request bodies at 10 MB.
export const config = {
  matcher: ["/dashboard/:path*", "/settings/:path*", "/files/:path*", "/upload/:path*", "/admin/:path*"],
};
