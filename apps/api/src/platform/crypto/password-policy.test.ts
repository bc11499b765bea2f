import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { checkPasswordPolicy } from './password-policy.js';

const ok = 'correct horse battery staple';

describe('checkPasswordPolicy', () => {
  it('accepts a long, uncommon password', () => {
    expect(checkPasswordPolicy(ok, { email: 'ada@uni.edu', name: 'Ada' })).toEqual([]);
    expect(checkPasswordPolicy(ok, {})).toEqual([]);
  });

  it('enforces 8..128 characters', () => {
    expect(checkPasswordPolicy('x7#Qp2!', {})).toEqual(['Password must be at least 8 characters.']);
    expect(checkPasswordPolicy('x7#Qp2!z', {})).toEqual([]);
    expect(checkPasswordPolicy('a'.repeat(128), {})).toEqual([]);
    expect(checkPasswordPolicy('a'.repeat(129), {})).toEqual(['Password must be at most 128 characters.']);
  });

  it('refuses the e-mail itself or its local part (case-insensitive) when that is at least 4 chars', () => {
    const msg = 'Password must not contain your e-mail address.';
    expect(checkPasswordPolicy('Jane.Doe@Uni.edu', { email: 'jane.doe@uni.edu' })).toEqual([msg]);
    expect(checkPasswordPolicy('my-JANE.DOE-pass', { email: 'jane.doe@uni.edu' })).toEqual([msg]);
    expect(checkPasswordPolicy('bob-is-my-name-99', { email: 'bob@uni.edu' })).toEqual([]); // local part too short to matter
  });

  it('refuses common passwords case-insensitively', () => {
    const msg = 'This password is too common. Choose a less predictable one.';
    expect(checkPasswordPolicy('Password1', {})).toEqual([msg]);
    expect(checkPasswordPolicy('QWERTYUIOP', {})).toEqual([msg]);
    expect(checkPasswordPolicy('12345', {})).toEqual(['Password must be at least 8 characters.', msg]);
  });

  it('reports every problem at once', () => {
    expect(checkPasswordPolicy('abc123', { email: 'abc123@uni.edu' })).toHaveLength(3);
  });
});

describe('COMMON_PASSWORDS', () => {
  it('is a lower-case set holding the classic top entries', () => {
    for (const p of ['123456', 'password', '12345678', 'qwerty', 'dragon', 'letmein', 'superman', 'iloveyou']) {
      expect(COMMON_PASSWORDS.has(p)).toBe(true);
    }
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
});
