import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { ALL_SCOPES, type Scope } from '../../src/api/auth/scopes';
import type { Config } from '../../src/config';

export interface DevTokenOptions {
  scopes?: readonly Scope[];
  subject?: string;
  /** A jose duration ('12h', '5m') or a NumericDate. */
  expiresIn?: string | number;
  /** The `iss` and `aud` the service checks when AUTH_ISSUER / AUTH_AUDIENCE are set. */
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** An HS256 token for the shared secret, as a local identity provider would issue it. */
export async function mintDevToken(secret: string, options: DevTokenOptions = {}): Promise<string> {
  const { scopes = ALL_SCOPES, subject = 'local-developer', expiresIn = '12h', issuer, audience } = options;
  const token = new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (issuer) token.setIssuer(issuer);
  if (audience) token.setAudience(audience);
  return token.sign(new TextEncoder().encode(secret));
}

/** A fresh random secret of 32 bytes, as AUTH_JWT_SECRET wants at least. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A token for a configuration that checks tokens with a shared secret (every isolated copy does). */
export function tokenFor(config: Config, options?: DevTokenOptions): Promise<string> {
  if (config.auth.mode === 'none')
    throw new Error('Authentication is off (AUTH_MODE=none): no token is needed');
  if (config.auth.mode !== 'secret')
    throw new Error(
      'Tokens come from your identity provider (AUTH_JWKS_URL); only a shared secret can be minted here',
    );
  const { secret, issuer, audience } = config.auth;
  return mintDevToken(secret, { issuer, audience, ...options });
}
