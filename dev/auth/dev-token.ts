import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { ALL_SCOPES, type Scope } from '../../src/api/auth/scopes';
import type { Config } from '../../src/config';

export interface DevTokenOptions {
  scopes?: readonly Scope[];
  subject?: string;
  /** A jose duration ('12h', '5m') or a NumericDate. */
  expiresIn?: string | number;
}

/** An HS256 token for the shared secret, as a local identity provider would issue it. */
export async function mintDevToken(secret: string, options: DevTokenOptions = {}): Promise<string> {
  const { scopes = ALL_SCOPES, subject = 'local-developer', expiresIn = '12h' } = options;
  return new SignJWT({ scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** A fresh random secret of 32 bytes, as AUTH_JWT_SECRET wants at least. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A token for a configuration that checks tokens with a shared secret (every isolated copy does). */
export function tokenFor(config: Config, options?: DevTokenOptions): Promise<string> {
  if (config.auth.mode !== 'secret')
    throw new Error(`Cannot mint a token for authentication mode ${config.auth.mode}; set AUTH_JWT_SECRET`);
  return mintDevToken(config.auth.secret, options);
}
