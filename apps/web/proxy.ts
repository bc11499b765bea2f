import { NextResponse, type NextRequest } from 'next/server';

// Cheap first gate: no session cookie → straight to /login. The real check is the API's on every
// request; the (app) layout also redirects if the silent refresh fails.
export function proxy(req: NextRequest) {
  if (!req.cookies.has('bf_session')) {
    const url = new URL('/login', req.url);
    url.searchParams.set('next', req.nextUrl.pathname);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = { matcher: ['/dashboard/:path*', '/students/:path*'] };
