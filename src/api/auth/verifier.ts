import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '../../auth-config';
import { ConfigError } from '../../config';
import type { Logger } from '../../logger';

/** Who called, and what they may do. */
export interface Principal {
  /** The token's `sub`; absent only when authentication is off. */
  subject?: string;
  scopes: { has(scope: string): boolean };
}

/** A token that does not prove anything: RFC 6750 `invalid_token`. */
export class InvalidToken extends Error {
  override name = 'InvalidToken';
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** Who a request without a token is: only when authentication is off. */
  anonymous?: Principal;
}

const EVERYTHING = { has: () => true };

function scopesOf(payload: JWTPayload): Set<string> {
  const { scope } = payload;
  if (typeof scope === 'string') return new Set(scope.split(' ').filter(Boolean));
  if (Array.isArray(scope)) return new Set(scope.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** What went wrong, in words safe for a WWW-Authenticate header; anything not about the token is rethrown. */
function invalidToken(error: unknown): InvalidToken {
  if (error instanceof errors.JWTExpired) return new InvalidToken('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new InvalidToken(`the token's ${error.claim} claim is not accepted`);
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return new InvalidToken('the token is not signed by a trusted key');
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw error;
  return new InvalidToken('the token is malformed or uses an algorithm that is not accepted');
}

/**
 * Built once at start from the configuration: HS256 with a shared secret, or RS256/ES256
 * with keys from a JWKS endpoint that jose caches and fetches again when a token names a
 * key it does not know (a rotation). Refuses to start when nothing is configured.
 */
export function createTokenVerifier(
  auth: AuthConfig,
  log: Logger,
  options: { jwksCooldownMs?: number } = {},
): TokenVerifier {
  if (auth.mode === 'unconfigured')
    throw new ConfigError(
      'No authentication configured: set AUTH_JWKS_URL (RS256/ES256 keys of your identity provider) or ' +
        'AUTH_JWT_SECRET (HS256, at least 32 bytes), or AUTH_MODE=none to serve without authentication (never in production)',
    );
  if (auth.mode === 'none') {
    log.warn('AUTH_MODE=none: authentication is off, every caller may do everything');
    const anyone = { scopes: EVERYTHING };
    return { verify: () => Promise.resolve(anyone), anonymous: anyone };
  }
  const claims = { issuer: auth.issuer, audience: auth.audience };
  let verifyJwt: (token: string) => Promise<{ payload: JWTPayload }>;
  if (auth.mode === 'jwks') {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: options.jwksCooldownMs });
    verifyJwt = (token) => jwtVerify(token, keys, { ...claims, algorithms: ['RS256', 'ES256'] });
  } else {
    const secret = new TextEncoder().encode(auth.secret);
    verifyJwt = (token) => jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] });
  }
  return {
    async verify(token) {
      const { payload } = await verifyJwt(token).catch((error: unknown) => {
        throw invalidToken(error);
      });
      return { subject: payload.sub, scopes: scopesOf(payload) };
    },
  };
}
