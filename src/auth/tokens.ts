import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Config } from '../config';

/** What the gateway takes from a verified token. */
export interface IdentityClaims {
  subject: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

export class TokenError extends Error {}

export type TokenVerifier = (token: string) => Promise<IdentityClaims>;

const HS_ALGORITHMS = ['HS256'];
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * Verifies bearer JWTs with jose: an HS256 secret in development, or the identity provider's JWKS (fetched and
 * cached by jose) with a fixed issuer and audience in production. Algorithms are pinned, so `alg: none` and
 * algorithm-confusion tokens fail; expiry and not-before are checked with a small clock tolerance.
 */
export function createTokenVerifier(jwt: Config['jwt'] & { secret: string | null }): TokenVerifier {
  const options = {
    issuer: jwt.issuer ?? undefined,
    audience: jwt.audience ?? undefined,
    clockTolerance: 5,
  };
  const verify = jwt.jwksUrl
    ? ((jwks) => (token: string) => jwtVerify(token, jwks, { ...options, algorithms: ASYMMETRIC_ALGORITHMS }))(
        createRemoteJWKSet(new URL(jwt.jwksUrl)))
    : ((key) => (token: string) => jwtVerify(token, key, { ...options, algorithms: HS_ALGORITHMS }))(
        new TextEncoder().encode(requireSecret(jwt.secret)));

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (e) {
      throw new TokenError(describe(e));
    }
    return toClaims(payload);
  };
}

function requireSecret(secret: string | null): string {
  if (!secret) throw new Error('An HS256 secret is required when no JWKS URL is configured.');
  return secret;
}

function describe(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `The token's "${e.claim}" claim is not accepted.`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm that is not accepted.';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  return 'The token is not a valid JWT.';
}

function toClaims(p: JWTPayload): IdentityClaims {
  const email = typeof p.email === 'string' ? p.email.trim().toLowerCase() : '';
  if (!p.sub) throw new TokenError('The token has no "sub" claim.');
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new TokenError('The token has no valid "email" claim.');
  const name = typeof p.name === 'string' && p.name.trim() ? p.name.trim().slice(0, 200) : email.split('@')[0];
  return { subject: p.sub, email, name, emailVerified: p.email_verified !== false };
}

/** Signs a development token (demo users, tests). Never used with a JWKS configuration. */
export async function signDevToken(
  secret: string,
  claims: { sub: string; email: string; name: string },
  { expiresIn = '30d', issuer, audience }: { expiresIn?: string; issuer?: string | null; audience?: string | null } = {},
): Promise<string> {
  let jwt = new SignJWT({ email: claims.email, name: claims.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
