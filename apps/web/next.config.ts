import path from 'node:path';
import type { NextConfig } from 'next';

// The portal is served by the API process on the same origin and port (apps/api/src/web/mount-next.ts),
// so there is no CORS. The page CSP (with a per-request nonce) is set in proxy.ts; the other security
// headers are repeated here so `next start`/`next dev` on their own send them too.

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

// `next dev` on its own port: forward /api to a running API (BITFLOW_API_URL=http://localhost:3000).
const apiUrl = process.env.BITFLOW_API_URL;

const config: NextConfig = {
  // The web image (deploy/Dockerfile.web) builds a self-contained server; `npm start` does not need it.
  // Next runs in apps/web, and the workspace root is two levels up (for file tracing of node_modules).
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const, outputFileTracingRoot: path.join(process.cwd(), '..', '..') } : {}),
  transpilePackages: ['@bitflow/contracts'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The shared contracts are TypeScript written for Node's ESM rules ('./x.js' imports './x.ts').
  webpack(config) {
    config.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return config;
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
  async rewrites() {
    return apiUrl ? [{ source: '/api/:path*', destination: `${apiUrl}/api/:path*` }] : [];
  },
};

export default config;
