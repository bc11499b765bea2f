import type { FastifyReply } from 'fastify';

// While a platform owner impersonates, the impersonated session's refresh token lives in its own
// httpOnly cookie beside the owner's `bf_refresh`, so a reload restores the impersonation (the
// portal keeps tokens in memory only) and ending it falls back to the owner's untouched session.
// Same flags and path as `bf_refresh`: no script reads it, no other site sends it, pages never see it.
export const IMPERSONATION_COOKIE = 'bf_impersonation';
const PATH = '/api/v1/auth';

/** `maxAge`: no longer than the impersonation may live (the API enforces its exact end). */
export function setImpersonationCookie(reply: FastifyReply, refreshToken: string, maxAge: number) {
  reply.setCookie(IMPERSONATION_COOKIE, refreshToken, { httpOnly: true, secure: true, sameSite: 'strict', path: PATH, maxAge });
}

export function clearImpersonationCookie(reply: FastifyReply) {
  reply.clearCookie(IMPERSONATION_COOKIE, { path: PATH });
}
