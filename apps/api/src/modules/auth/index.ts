import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { authPlugin } from '../../http/auth.js';
import type { Platform } from '../../platform/index.js';
import { AuthRepository } from './auth.repository.js';
import { authRoutes } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import { Tokens } from './jwt.js';

// Wires the identity module: token service, auth hooks for the whole app, and /auth routes.
export async function registerAuth(app: FastifyInstance, platform: Platform) {
  const tokens = new Tokens(platform.keys, platform.config.jwt);
  // Identity reads the primary only: a replica a few seconds behind would still accept a revoked
  // session, a rotated refresh token or a removed role.
  const auth = new AuthService({
    db: platform.database.primary,
    repo: new AuthRepository(platform.database.primary),
    tokens,
    cache: platform.cache,
    cipher: platform.cipher,
    mailer: platform.mail,
    config: platform.config,
    log: app.log,
  });
  await app.register(cookie);
  await app.register(authPlugin, { tokens, auth, db: platform.database.primary });
  await authRoutes(app, { auth, config: platform.config });
  return { auth, tokens };
}
