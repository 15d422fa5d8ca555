import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../dev/auth/dev-token';
import { isolatedCopy } from '../../dev/isolated-config';
import { freePort } from '../../dev/free-port';
import { getConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createRoleContext } from '../../src/roles/context';
import { serveHealthAndMetrics } from '../../src/roles/metrics-server';
import type { StopFunction } from '../../src/roles/role';

let base: string;
let token: string;
let stop: StopFunction;
let closeContext: () => Promise<void>;

beforeAll(async () => {
  const port = await freePort();
  const config = { ...isolatedCopy(getConfig(), 'metrics'), http: { port } };
  const context = createRoleContext(config, createLogger('silent'));
  closeContext = () => context.close();
  stop = await serveHealthAndMetrics(context);
  base = `http://127.0.0.1:${port}`;
  token = await tokenFor(config, { scopes: ['metrics:read'] });
});
afterAll(async () => {
  await stop?.();
  await closeContext?.();
});

describe('the health and metrics server of a process without the REST API', () => {
  it('answers liveness without a token and metrics only with metrics:read', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const scraped = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('saga_started_total');
  });

  it('answers an unknown path with problem+json, not an HTML page', async () => {
    const response = await fetch(`${base}/no-such-path`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
