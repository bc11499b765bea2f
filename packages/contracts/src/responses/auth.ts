import { z } from 'zod';
import { ZMfaChallenge, ZMeResponse, ZSession, ZTokenResponse } from '../auth.js';
import { successEnvelope, type DataOf } from '../envelope.js';

// What the sign-in, token, MFA and own-account routes answer.

/** Signing in answers tokens, or — for an account with two-factor authentication — a challenge. */
export const ZLoginEnvelope = successEnvelope(z.union([ZTokenResponse, ZMfaChallenge])).meta({ id: 'LoginEnvelope' });
export const ZTokenEnvelope = successEnvelope(ZTokenResponse).meta({ id: 'TokenEnvelope' });
export const ZMeEnvelope = successEnvelope(ZMeResponse).meta({ id: 'MeEnvelope' });
export const ZSessionListEnvelope = successEnvelope(z.strictObject({ items: z.array(ZSession) })).meta({ id: 'SessionList' });

export const ZMfaSetup = z.strictObject({ secret: z.string(), otpauth_uri: z.string() }).meta({ id: 'MfaSetup' });
export const ZMfaSetupEnvelope = successEnvelope(ZMfaSetup).meta({ id: 'MfaSetupEnvelope' });
export const ZRecoveryCodes = z.strictObject({ recovery_codes: z.array(z.string()).describe('Shown once: each signs in one time instead of a code.') }).meta({ id: 'RecoveryCodes' });
/** Turning MFA on answers the recovery codes; during sign-in (setup challenge) also the tokens. */
export const ZMfaEnableEnvelope = successEnvelope(z.union([ZRecoveryCodes.extend(ZTokenResponse.shape).meta({ id: 'RecoveryCodesAndTokens' }), ZRecoveryCodes])).meta({ id: 'MfaEnableEnvelope' });

/** The public keys access tokens are signed with (RFC 7517), not in the envelope. */
export const ZJwks = z
  .strictObject({ keys: z.array(z.looseObject({ kty: z.string().optional(), kid: z.string().optional(), alg: z.string().optional(), use: z.string().optional() })) })
  .meta({ id: 'Jwks' });

export type Session = z.infer<typeof ZSession>;
export type MfaChallenge = z.infer<typeof ZMfaChallenge>;
export type MfaSetup = z.infer<typeof ZMfaSetup>;
export type MfaEnabled = DataOf<typeof ZMfaEnableEnvelope>;

// GET /up — the health check (not under /api, same envelope).
const ZCheck = <D extends readonly [string, ...string[]]>(drivers: D) => z.strictObject({ status: z.enum(['up', 'down']), driver: z.enum(drivers) });
export const ZHealth = z
  .strictObject({
    status: z.enum(['up', 'down']),
    checks: z.strictObject({ database: ZCheck(['sqlite', 'mysql']), cache: ZCheck(['memory', 'redis']), storage: ZCheck(['local', 's3']) }),
  })
  .meta({ id: 'Health' });
export const ZHealthEnvelope = successEnvelope(ZHealth).meta({ id: 'HealthEnvelope' });
/** 503: the error envelope's fields with the same checks, naming what is down. */
export const ZHealthUnavailableEnvelope = z
  .strictObject({ success: z.literal(false), message: z.string(), data: ZHealth, code: z.literal('SERVICE_UNAVAILABLE') })
  .meta({ id: 'HealthUnavailableEnvelope', description: 'A dependency is down: the error envelope with the same checks.' });
export type Health = z.infer<typeof ZHealth>;
