import { COMMON_PASSWORDS } from './common-passwords.js';

// NIST SP 800-63B style: length matters, composition rules do not; refuse known-common passwords and
// ones built from the user's own e-mail.
export function checkPasswordPolicy(password: string, ctx: { email?: string; name?: string }): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('Password must be at least 8 characters.');
  if (password.length > 128) problems.push('Password must be at most 128 characters.');
  const lower = password.toLowerCase();
  const local = ctx.email?.split('@')[0]?.toLowerCase() ?? '';
  if (ctx.email && (lower === ctx.email.toLowerCase() || (local.length >= 4 && lower.includes(local)))) {
    problems.push('Password must not contain your e-mail address.');
  }
  if (COMMON_PASSWORDS.has(lower)) problems.push('This password is too common. Choose a less predictable one.');
  return problems;
}
