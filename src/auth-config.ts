import { z } from 'zod';
import { ConfigError } from './config-error';
import { unsetWhenEmpty } from './env-schema';

/** How the REST API and every process's /metrics check the callers' bearer tokens. */
export type AuthConfig =
  | { mode: 'jwks'; jwksUrl: string; issuer?: string; audience?: string }
  | { mode: 'secret'; secret: string; issuer?: string; audience?: string }
  | { mode: 'none' }
  /** Nothing configured: a process that serves HTTP refuses to start. */
  | { mode: 'unconfigured'; issuer?: string; audience?: string };

export const MIN_SECRET_BYTES = 32;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Keys fetched over plain HTTP could be anyone's: only an endpoint on this machine may skip TLS. */
const jwksUrl = z
  .url({ protocol: /^https?$/ })
  .refine(
    (url) => !URL.canParse(url) || url.startsWith('https:') || LOOPBACK.has(new URL(url).hostname),
    'must be an https URL (http only on a loopback address)',
  );

/** The authentication variables of `getConfig()`'s schema. */
export const authEnv = {
  AUTH_MODE: z.enum(['jwt', 'none']).default('jwt'),
  AUTH_JWKS_URL: unsetWhenEmpty(jwksUrl),
  AUTH_JWT_SECRET: unsetWhenEmpty(
    z
      .string()
      .refine(
        (secret) => Buffer.byteLength(secret) >= MIN_SECRET_BYTES,
        `must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 32)`,
      ),
  ),
  AUTH_ISSUER: unsetWhenEmpty(z.string().min(1)),
  AUTH_AUDIENCE: unsetWhenEmpty(z.string().min(1)),
};

type AuthEnv = z.infer<z.ZodObject<typeof authEnv>>;

/** The authentication settings, or why they contradict each other. */
export function authConfigFrom(e: AuthEnv): AuthConfig | { error: string } {
  const claims = {
    ...(e.AUTH_ISSUER && { issuer: e.AUTH_ISSUER }),
    ...(e.AUTH_AUDIENCE && { audience: e.AUTH_AUDIENCE }),
  };
  if (e.AUTH_MODE === 'none') {
    if (e.AUTH_JWKS_URL || e.AUTH_JWT_SECRET)
      return {
        error: 'AUTH_MODE: none turns authentication off, but AUTH_JWKS_URL or AUTH_JWT_SECRET is set',
      };
    return { mode: 'none' };
  }
  if (e.AUTH_JWKS_URL && e.AUTH_JWT_SECRET)
    return { error: 'AUTH_JWKS_URL and AUTH_JWT_SECRET: set one of them, not both' };
  if (e.AUTH_JWKS_URL) return { mode: 'jwks', jwksUrl: e.AUTH_JWKS_URL, ...claims };
  if (e.AUTH_JWT_SECRET) return { mode: 'secret', secret: e.AUTH_JWT_SECRET, ...claims };
  return { mode: 'unconfigured', ...claims };
}

/** Every process serves HTTP that needs tokens (`/metrics` at least): refuse to start without a way to check them. */
export function requireAuthConfigured(
  auth: AuthConfig,
): asserts auth is Exclude<AuthConfig, { mode: 'unconfigured' }> {
  if (auth.mode === 'unconfigured')
    throw new ConfigError(
      'No authentication configured: set AUTH_JWKS_URL (RS256/ES256 keys of your identity provider) or ' +
        'AUTH_JWT_SECRET (HS256, at least 32 bytes), or AUTH_MODE=none to serve without authentication (never in production)',
    );
}
