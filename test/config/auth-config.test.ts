import { describe, expect, it } from 'vitest';
import { devSecret, withDevAuth } from '../../dev/auth/dev-secret';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, getConfig } from '../../src/config';

const SECRET = 'a'.repeat(32);

describe('the authentication settings', () => {
  it('check tokens with a shared secret of at least 32 bytes, with optional issuer and audience', () => {
    expect(getConfig({ AUTH_JWT_SECRET: SECRET }).auth).toEqual({ mode: 'secret', secret: SECRET });
    expect(
      getConfig({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'orders' }).auth,
    ).toEqual({ mode: 'secret', secret: SECRET, issuer: 'https://id.example', audience: 'orders' });
  });

  it('refuse a shared secret shorter than 32 bytes, naming the variable', () => {
    expect(() => getConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => getConfig({ AUTH_JWT_SECRET: 'a'.repeat(31) })).toThrow(
      /AUTH_JWT_SECRET: must be at least 32 bytes/,
    );
  });

  it('check tokens with the keys of a JWKS endpoint', () => {
    expect(getConfig({ AUTH_JWKS_URL: 'https://id.example/.well-known/jwks.json' }).auth).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://id.example/.well-known/jwks.json',
    });
    expect(() => getConfig({ AUTH_JWKS_URL: 'ftp://id.example/keys' })).toThrow(/AUTH_JWKS_URL/);
  });

  it('refuse contradictions: a secret and a JWKS endpoint, or either with AUTH_MODE=none', () => {
    const jwks = 'https://id.example/jwks';
    expect(() => getConfig({ AUTH_JWKS_URL: jwks, AUTH_JWT_SECRET: SECRET })).toThrow(/set one of them/);
    expect(() => getConfig({ AUTH_MODE: 'none', AUTH_JWT_SECRET: SECRET })).toThrow(/AUTH_MODE/);
    expect(() => getConfig({ AUTH_MODE: 'off' })).toThrow(/AUTH_MODE/);
  });

  it('stay unconfigured when nothing is set, and off only when AUTH_MODE=none says so', () => {
    expect(getConfig({}).auth).toEqual({ mode: 'unconfigured' });
    expect(getConfig({ AUTH_MODE: 'none' }).auth).toEqual({ mode: 'none' });
  });

  it('default the rate limit of mutating requests and read it from the environment', () => {
    expect(getConfig({}).rateLimit).toEqual({ windowMs: 60_000, max: 120 });
    expect(getConfig({ RATE_LIMIT_WINDOW_MS: '1000', RATE_LIMIT_MAX: '5' }).rateLimit).toEqual({
      windowMs: 1000,
      max: 5,
    });
    expect(() => getConfig({ RATE_LIMIT_MAX: '0' })).toThrow(/RATE_LIMIT_MAX/);
  });
});

describe('the local development secret', () => {
  it('is made once, readable only by its owner, and reused on later starts', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dev-secret-')), 'auth');
    const first = devSecret(dir);
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0);
    expect(devSecret(dir)).toBe(first);
    expect(withDevAuth(getConfig({}), dir).auth).toEqual({ mode: 'secret', secret: first });
  });

  it('is not used when authentication is configured', () => {
    const configured = getConfig({ AUTH_JWT_SECRET: SECRET });
    expect(withDevAuth(configured, '/nonexistent')).toBe(configured);
  });
});
