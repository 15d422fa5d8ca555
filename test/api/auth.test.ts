import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken, tokenFor } from '../../dev/auth/dev-token';
import type { AuthConfig } from '../../src/auth-config';
import { createTokenVerifier, InvalidToken } from '../../src/api/auth/verifier';
import { ConfigError } from '../../src/config';
import type { Logger } from '../../src/logger';
import { startJwksServer, type JwksServer } from '../support/jwks-server';
import { e2eConfig, startStack, type Stack } from '../support/stack';

let stack: Stack;
let jwks: JwksServer;
let api: string;

/** The REST API of this file's stack, served with other authentication settings. */
const serveWith = (auth: AuthConfig, log?: Logger) => stack.startApi({ auth }, log);

const get = (base: string, path: string, token?: string) =>
  fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const postOrder = (base: string, token: string) =>
  fetch(`${base}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
const unsigned = (payload: object) =>
  [{ alg: 'none', typ: 'JWT' }, payload]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.') + '.';

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  api = await stack.startApi();
  jwks = await startJwksServer();
});
afterAll(async () => {
  await jwks?.stop();
  await stack?.stop();
});

describe('authentication of the REST API', () => {
  it('answers liveness and readiness without a token', async () => {
    expect((await get(api, '/healthz')).status).toBe(200);
    expect((await get(api, '/readyz')).status).toBe(200);
  });

  it('refuses every other endpoint without a token with 401 problem+json and a Bearer challenge', async () => {
    for (const path of ['/orders/some-order', '/metrics', '/openapi.json', '/asyncapi.json']) {
      const response = await get(api, path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="saga-orchestrator"');
    }
    const order = await fetch(`${api}/orders`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(order.status).toBe(401);
    const basic = await fetch(`${api}/orders/x`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it('refuses malformed, expired, wrongly signed and unsigned tokens as invalid_token', async () => {
    const { secret } = stack.config.auth as { secret: string };
    const past = Math.floor(Date.now() / 1000) - 60;
    const tokens = {
      malformed: 'not.a.jwt',
      expired: await mintDevToken(secret, { expiresIn: past }),
      'signed with another secret': await mintDevToken('b'.repeat(32)),
      unsigned: unsigned({ sub: 'mallory', scope: 'orders:read', exp: past + 3600 }),
    };
    for (const [what, token] of Object.entries(tokens)) {
      const response = await get(api, '/orders/some-order', token);
      expect(response.status, what).toBe(401);
      expect(response.headers.get('www-authenticate'), what).toMatch(
        /^Bearer realm="saga-orchestrator", error="invalid_token", error_description="[^"]+"$/,
      );
      expect(((await response.json()) as { title: string }).title).toBe('Unauthorized');
    }
    expect((await get(api, '/orders/some-order', 'two tokens')).status).toBe(401);
  });

  it('answers 403 naming the missing scope when a valid token does not grant it', async () => {
    const reader = await tokenFor(stack.config, { scopes: ['orders:read'] });
    const refusals = [
      await postOrder(api, reader),
      await fetch(`${api}/orders/x/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${reader}` },
      }),
      await get(api, '/metrics', reader),
      await get(
        api,
        '/orders/x',
        await tokenFor(stack.config, { scopes: ['orders:write', 'orders:cancel'] }),
      ),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(refusals.map((r) => r.headers.get('www-authenticate'))).toEqual(
      ['orders:write', 'orders:cancel', 'metrics:read', 'orders:read'].map(
        (scope) => `Bearer realm="saga-orchestrator", error="insufficient_scope", scope="${scope}"`,
      ),
    );
    expect(refusals[0]!.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets a token through to each route whose scope it grants', async () => {
    const token = (scope: 'orders:read' | 'orders:write' | 'metrics:read') =>
      tokenFor(stack.config, { scopes: [scope] });
    expect((await get(api, '/orders/no-such-order', await token('orders:read'))).status).toBe(404);
    expect((await postOrder(api, await token('orders:write'))).status).toBe(400);
    expect((await get(api, '/metrics', await token('metrics:read'))).status).toBe(200);
    expect((await get(api, '/openapi.json', await tokenFor(stack.config, { scopes: [] }))).status).toBe(200);
  });
});

describe('tokens from a JWKS endpoint', () => {
  it('are accepted when signed RS256 or ES256 by a published key with the configured issuer and audience', async () => {
    const [rsa, ec, unpublished] = [
      await jwks.newKey('RS256'),
      await jwks.newKey('ES256'),
      await jwks.newKey('ES256'),
    ];
    rsa.publish();
    ec.publish();
    const base = await serveWith({
      mode: 'jwks',
      jwksUrl: jwks.url,
      issuer: 'https://id.test',
      audience: 'saga',
    });
    const claims = { iss: 'https://id.test', aud: 'saga', sub: 'storefront', scope: 'orders:read' };

    expect((await get(base, '/orders/no-such-order', await rsa.sign(claims))).status).toBe(404);
    expect((await get(base, '/orders/no-such-order', await ec.sign(claims))).status).toBe(404);
    for (const token of [
      await rsa.sign({ ...claims, iss: 'https://elsewhere.test' }),
      await rsa.sign({ ...claims, aud: 'another-api' }),
      await unpublished.sign(claims),
      await tokenFor(stack.config, { scopes: ['orders:read'] }),
    ]) {
      const response = await get(base, '/orders/no-such-order', token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('answer 503, not 401, while the JWKS endpoint cannot be reached', async () => {
    const key = await jwks.newKey('ES256');
    const base = await serveWith({ mode: 'jwks', jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json' });
    const response = await get(base, '/orders/no-such-order', await key.sign({ scope: 'orders:read' }));
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('follow a key rotation: a token of the new key is accepted once the JWKS publishes it', async () => {
    const [old, rotated] = [await jwks.newKey('ES256'), await jwks.newKey('ES256')];
    jwks.publishOnly(old);
    const verifier = createTokenVerifier({ mode: 'jwks', jwksUrl: jwks.url }, stack.context.log, {
      jwksCooldownMs: 0,
    });
    const claims = { sub: 'storefront', scope: 'orders:read' };
    await expect(verifier.verify(await old.sign(claims))).resolves.toMatchObject({ subject: 'storefront' });
    await expect(verifier.verify(await rotated.sign(claims))).rejects.toThrow(InvalidToken);

    jwks.publishOnly(rotated);
    const fetchesBefore = jwks.requests();
    const principal = await verifier.verify(await rotated.sign(claims));
    expect(principal.scopes.has('orders:read')).toBe(true);
    expect(jwks.requests()).toBeGreaterThan(fetchesBefore);
  });
});

describe('starting the API', () => {
  it('is refused with a clear error when no authentication is configured', async () => {
    await expect(serveWith({ mode: 'unconfigured' })).rejects.toThrow(ConfigError);
    await expect(serveWith({ mode: 'unconfigured' })).rejects.toThrow(
      /AUTH_JWKS_URL.*AUTH_JWT_SECRET.*AUTH_MODE=none/,
    );
  });

  it('with AUTH_MODE=none warns at start and lets every request through', async () => {
    let lines = '';
    const log = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _e, done) => done(void (lines += chunk)) }),
    );
    const base = await serveWith({ mode: 'none' }, log);
    expect(lines).toMatch(/"level":40,.*AUTH_MODE=none/);
    expect((await get(base, '/orders/no-such-order')).status).toBe(404);
    expect((await get(base, '/metrics')).status).toBe(200);
  });
});
