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

export const ZAuthUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  university_id: z.string().nullable(),
  college_id: z.string().nullable(),
});
export type AuthUser = z.infer<typeof ZAuthUser>;

export const ZTokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  user: ZAuthUser,
});
export type TokenResponse = z.infer<typeof ZTokenResponse>;

export const ZMfaChallenge = z.object({
  mfa_required: z.literal(true),
  mfa_setup_required: z.boolean(),
  mfa_token: z.string(),
});

export const ZMeResponse = z.object({
  user: ZAuthUser,
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  scope: z.object({ level: z.enum(['platform', 'university', 'college']), university_id: z.string().nullable(), college_ids: z.array(z.string()) }),
  impersonator: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** While impersonating: when the impersonation ends by itself (the banner shows it and acts on it). */
  impersonation_expires_at: z.string().nullable().optional(),
  /** Whether the user has two-factor authentication on (the profile page shows and changes it). */
  mfa_enabled: z.boolean(),
});
export type MeResponse = z.infer<typeof ZMeResponse>;

export const ZSession = z.object({
  id: z.string(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: z.string(),
  last_activity_at: z.string(),
  expires_at: z.string(),
  current: z.boolean(),
  impersonated: z.boolean(),
});

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
