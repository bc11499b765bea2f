import type { NextConfig } from 'next';

// Served by the API process on the same origin (apps/api/src/web/mount-next.ts), so no CORS.
// Next's pages need inline bootstrap scripts: CSP allows 'unsafe-inline' scripts on pages only
// (the API keeps script-src 'self'); everything else stays locked down.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

const config: NextConfig = {
  transpilePackages: ['@bitflow/contracts'],
  poweredByHeader: false,
  typedRoutes: false,
  // The shared contracts are TypeScript written for Node's ESM rules ('./x.js' imports './x.ts').
  webpack(config) {
    config.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return config;
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
        ],
      },
    ];
  },
};

export default config;
