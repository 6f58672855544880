import { createHash, randomBytes } from 'node:crypto';

/**
 * Project API secrets: 32 random bytes, shown once. Only a SHA-256 is stored (a high-entropy secret needs no slow
 * hash), plus a short hint so people can tell secrets apart; a database dump reveals neither.
 */
export function newApiSecret(): { secret: string; hash: string; hint: string } {
  const secret = `gw_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashApiSecret(secret), hint: secret.slice(-4) };
}

export const hashApiSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
