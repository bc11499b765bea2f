import { NextResponse, type NextRequest } from 'next/server';

// Runs before every page (Next 16 "proxy", formerly middleware.ts). Two jobs:
// 1. A cheap gate: no `bf_session` cookie → /login?next=…, without rendering anything. The refresh
//    cookie itself (`bf_refresh`, httpOnly) is scoped to /api/v1/auth so the browser never sends it
//    to pages; the API sets `bf_session` (no secret in it) alongside it for this check. The real
//    checks are the API's on every request and the (app) layout's silent refresh.
// 2. A fresh CSP nonce per response. Next reads it from the request's CSP header and puts it on its
//    own inline scripts; app/layout.tsx puts it on the theme script. With 'strict-dynamic', scripts
//    those load are trusted too, so no 'unsafe-inline' is needed for scripts.

const PUBLIC_PATHS = ['/login', '/unauthorized', '/forgot-password', '/reset-password', '/register'];
export const SESSION_HINT_COOKIE = 'bf_session';

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (charts, React's style prop) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!isPublic && !req.cookies.has(SESSION_HINT_COOKIE)) {
    const url = req.nextUrl.clone();
    url.pathname = '/login';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const forwarded = new Headers(req.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', policy);
  const res = NextResponse.next({ request: { headers: forwarded } });
  res.headers.set('Content-Security-Policy', policy);
  return res;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API (served by Fastify before Next), static files or prefetches.
      source: '/((?!api/|_next/static|_next/image|icon.svg|favicon.ico|docs|up$|metrics|\\.well-known).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
