import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import {
  decryptSecret,
  encryptSecret,
  openSecrets,
  parseSecretKey,
  SecretKeyError,
  sealSecrets,
} from './secrets.js';

describe('secrets at rest', () => {
  const key = randomBytes(32);

  it('round-trips, and the same secret never encrypts the same way twice', () => {
    const first = encryptSecret(key, 'app-password-1');
    const second = encryptSecret(key, 'app-password-1');
    expect(first).not.toBe(second);
    expect(first).not.toContain('app-password-1');
    expect(decryptSecret(key, first)).toBe('app-password-1');
    expect(openSecrets(key, sealSecrets(key, { imapPassword: 'p' }))).toEqual({
      imapPassword: 'p',
    });
  });

  it('refuses a wrong key and a changed value instead of returning garbage', () => {
    const stored = encryptSecret(key, 'secret');
    expect(() => decryptSecret(randomBytes(32), stored)).toThrow(SecretKeyError);
    const parts = stored.split('.');
    const ciphertext = Buffer.from(parts[3] as string, 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = ciphertext.toString('base64url');
    expect(() => decryptSecret(key, parts.join('.'))).toThrow(SecretKeyError);
    expect(() => decryptSecret(key, 'plain text')).toThrow(SecretKeyError);
  });

  it('takes a 32-byte key as hex or base64 and names the setting otherwise', () => {
    const hex = key.toString('hex');
    expect(parseSecretKey(hex).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseSecretKey('short')).toThrow(/32-byte/);
    expect(() => loadConfig({ HEARKEN_SECRET_KEY: 'abc' })).toThrow(/HEARKEN_SECRET_KEY/);
    expect(loadConfig({ HEARKEN_SECRET_KEY: hex }).secretKey?.equals(key)).toBe(true);
  });
});
