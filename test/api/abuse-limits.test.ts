import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../dev/auth/dev-token';
import { apiCaller } from '../support/api-caller';
import { e2eConfig, startStack, type Stack } from '../support/stack';

let stack: Stack;
let base: string;
const LIMIT = 3;

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  base = await stack.startApi({ rateLimit: { windowMs: 60_000, max: LIMIT } });
});
afterAll(async () => {
  await stack?.stop();
});

const as = async (subject: string) => apiCaller(base, await tokenFor(stack.config, { subject }));

describe('abuse limits of the REST API', () => {
  it('answers a client over its limit of orders and cancels with 429 problem+json and Retry-After, and no other client', async () => {
    const alice = await as('alice');
    const statuses = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await alice.post('/orders', {})).status);
    expect(statuses).toEqual([400, 400, 400]);

    const limited = await alice.post('/orders/some-order/cancel', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { title: string }).title).toBe('Too many requests');

    expect((await alice.get('/orders/some-order')).status).toBe(404);
    expect((await (await as('bob')).post('/orders', {})).status).toBe(400);
  });

  it('sets security headers on every answer', async () => {
    const caller = await as('headers');
    for (const response of [
      await caller.get('/healthz'),
      await caller.get('/orders/x'),
      await fetch(`${base}/nope`),
    ]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('accepts request ids only up to 128 characters of letters, digits and . _ : -', async () => {
    const caller = await as('request-ids');
    const ok = await caller.get('/orders/some-order', {
      'x-request-id': '0f6c3c1e-5b7a-4c7e-9f1d-2a3b4c5d6e7f',
    });
    expect(ok.status).toBe(404);
    for (const bad of ['x'.repeat(129), 'has space', 'semi;colon', 'ümlaut']) {
      for (const header of ['idempotency-key', 'x-request-id']) {
        const response = await caller.post('/orders', {}, { [header]: bad });
        expect(response.status, `${header}: ${bad}`).toBe(400);
        expect(((await response.json()) as { title: string }).title).toMatch(
          /^Invalid (Idempotency-Key|X-Request-Id)$/,
        );
      }
    }
  });

  it('answers an unknown method on a known path with 405 and Allow, and an unknown path with 404', async () => {
    const token = { authorization: `Bearer ${await tokenFor(stack.config)}` };
    const call = (method: string, path: string) => fetch(`${base}${path}`, { method, headers: token });
    const onOrders = await call('DELETE', '/orders');
    expect(onOrders.status).toBe(405);
    expect(onOrders.headers.get('allow')).toBe('OPTIONS, POST');
    expect(onOrders.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('PUT', '/orders/some-order')).headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await call('GET', '/orders/some-order/cancel')).status).toBe(405);
    expect((await call('PATCH', '/healthz')).status).toBe(405);
    const options = await call('OPTIONS', '/orders/some-order/cancel');
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'POST']);
    expect((await call('DELETE', '/no-such-path')).status).toBe(404);
  });
});
