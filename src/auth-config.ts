import { z } from 'zod';

/** How the REST API and every process's /metrics check the callers' bearer tokens. */
export type AuthConfig =
  | { mode: 'jwks'; jwksUrl: string; issuer?: string; audience?: string }
  | { mode: 'secret'; secret: string; issuer?: string; audience?: string }
  | { mode: 'none' }
  /** Nothing configured: a process that serves HTTP refuses to start. */
  | { mode: 'unconfigured' };

export const MIN_SECRET_BYTES = 32;

/** The authentication variables of `getConfig()`'s schema. */
export const authEnv = {
  AUTH_MODE: z.enum(['jwt', 'none']).default('jwt'),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_JWT_SECRET: z
    .string()
    .refine(
      (secret) => Buffer.byteLength(secret) >= MIN_SECRET_BYTES,
      `must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 32)`,
    )
    .optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
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
  return { mode: 'unconfigured' };
}
