import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (channel passwords, app passwords, tokens): AES-256-GCM with a random 96-bit
 * nonce per value, so the same password stored twice never looks the same and a changed byte
 * fails authentication instead of decrypting to garbage. The key comes from HEARKEN_SECRET_KEY.
 * Stored form: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */
const version = 'v1';

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** A 32-byte key from 64 hex digits or 43/44 base64 characters; anything else throws. */
export function parseSecretKey(raw: string): Buffer {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new Error(
    'expected a 32-byte key as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)',
  );
}

export function encryptSecret(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [version, nonce, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Decrypts a stored secret; a wrong key or a changed value throws `SecretKeyError`. */
export function decryptSecret(key: Buffer, stored: string): string {
  const [tagged, nonce, tag, ciphertext, extra] = stored.split('.');
  if (tagged !== version || !nonce || !tag || ciphertext === undefined || extra !== undefined) {
    throw new SecretKeyError('stored secret has an unknown format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretKeyError('stored secret cannot be decrypted with HEARKEN_SECRET_KEY');
  }
}

/** Encrypts a map of named secrets as one stored value. */
export function sealSecrets(key: Buffer, secrets: Record<string, string>): string {
  return encryptSecret(key, JSON.stringify(secrets));
}

export function openSecrets(key: Buffer, stored: string): Record<string, string> {
  const value: unknown = JSON.parse(decryptSecret(key, stored));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SecretKeyError('stored secrets are not a map');
  }
  return value as Record<string, string>;
}
