import { z } from 'zod';

// Auth requests and responses (DESIGN §7). Forms in the web app reuse these schemas.

const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.')).describe('E-mail address');
const password = z.string().min(1, 'This field is required.').max(256);

export const ZLoginRequest = z.object({ email, password }).strict();
export type LoginRequest = z.infer<typeof ZLoginRequest>;

export const ZRefreshRequest = z.object({ refresh_token: z.string().min(20).max(200).optional() }).strict();

export const ZMfaVerifyRequest = z
  .object({
    mfa_token: z.string().min(20).max(4000),
    code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code.').optional(),
    recovery_code: z.string().trim().min(8).max(20).optional(),
  })
  .strict()
  .refine((v) => v.code || v.recovery_code, { message: 'Enter the 6-digit code or a recovery code.', path: ['code'] });

export const ZMfaCodeRequest = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code.') }).strict();
export const ZMfaDisableRequest = z.object({ password }).strict();

const when = z.iso.datetime({ offset: true });

export const ZAuthUser = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  university_id: z.uuid().nullable(),
  college_id: z.uuid().nullable(),
}).meta({ id: 'AuthUser' });
export type AuthUser = z.infer<typeof ZAuthUser>;

export const ZTokenResponse = z.strictObject({
  access_token: z.string().describe('JWT for `Authorization: Bearer …`.'),
  refresh_token: z.string().describe('Single use: /auth/refresh answers a new pair. Browsers get it as the httpOnly `bf_refresh` cookie too.'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds the access token is valid.'),
  user: ZAuthUser,
}).meta({ id: 'TokenPair' });
export type TokenResponse = z.infer<typeof ZTokenResponse>;

export const ZMfaChallenge = z.strictObject({
  mfa_required: z.literal(true),
  mfa_setup_required: z.boolean().describe('The account must enrol first (/auth/mfa/setup, /auth/mfa/enable with this token).'),
  mfa_token: z.string().describe('Short-lived: pass to /auth/mfa/verify (or the setup routes).'),
}).meta({ id: 'MfaChallenge' });

export const ZMeResponse = z.strictObject({
  user: ZAuthUser,
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  scope: z.strictObject({ level: z.enum(['platform', 'university', 'college']), university_id: z.uuid().nullable(), college_ids: z.array(z.uuid()) }),
  impersonator: z.strictObject({ id: z.uuid(), name: z.string() }).nullable().describe('The operator while this session is an impersonation.'),
  /** While impersonating: when the impersonation ends by itself (the banner shows it and acts on it). */
  impersonation_expires_at: when.nullable().optional(),
  /** Whether the user has two-factor authentication on (the profile page shows and changes it). */
  mfa_enabled: z.boolean(),
}).meta({ id: 'Me' });
export type MeResponse = z.infer<typeof ZMeResponse>;

export const ZSession = z.strictObject({
  id: z.uuid(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: when,
  last_activity_at: when,
  expires_at: when,
  current: z.boolean().describe('The session of this request.'),
  impersonated: z.boolean(),
}).meta({ id: 'Session' });

export const ZChangePasswordRequest = z.object({ current_password: password, new_password: password }).strict();
export const ZForgotPasswordRequest = z.object({ email }).strict();
export const ZResetPasswordRequest = z.object({ token: z.string().min(20).max(200), password }).strict();
export const ZRegisterRequest = z
  .object({ token: z.string().min(20).max(200), password, name: z.string().trim().min(1).max(200).optional() })
  .strict();

export const ZImpersonateRequest = z
  .object({
    user_id: z.uuid(),
    reason: z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(500),
    duration_minutes: z.number().int().min(1).max(60).default(30),
  })
  .strict();
