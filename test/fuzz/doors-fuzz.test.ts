import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken, tokenFor } from '../../dev/auth/dev-token';
import { BAD_MESSAGE_ERRORS, parseCommand, type RawMessage } from '../../src/ingress/parse-command';
import { asRaw, binaryMessage, structuredMessage } from '../ingress/messages';
import { e2eConfig, startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { fuzzedOrders } from './order-arbitraries';
import { orderInvariantViolations } from './order-invariants';

/** Every generated input of this file, whichever door it went through. */
let inputs = 0;

/** A JWT's segments as the bytes they encode. */
function decodedSegments(token: string): string {
  return token
    .split('.')
    .map((segment) => Buffer.from(segment, 'base64url').toString('hex'))
    .join('.');
}

function expectWellJudged(message: RawMessage): void {
  inputs += 1;
  const result = parseCommand(message);
  if (!result.ok) {
    expect(BAD_MESSAGE_ERRORS).toContain(result.bad.error);
    expect(result.bad.message.length).toBeGreaterThan(0);
    return;
  }
  const { command } = result;
  const orderId = command.type === 'orders.order.placed' ? command.order.orderId : command.orderId;
  expect(message.key?.toString()).toBe(orderId);
  if (command.type === 'orders.order.placed') expect(orderInvariantViolations(command.order)).toEqual([]);
}

describe('the Kafka command parser, fuzzed', () => {
  it('dead-letters every broken order as a schema violation and accepts every valid one', () => {
    const property = fc.property(fuzzedOrders('kafka'), fc.boolean(), ({ body, broken }, structured) => {
      const orderId = typeof body.orderId === 'string' ? body.orderId : 'not-a-string';
      const message = (structured ? structuredMessage : binaryMessage)({ data: body, orderId });
      const result = parseCommand(asRaw(message));
      expectWellJudged(asRaw(message));
      if (broken.length > 0) expect(result).toMatchObject({ ok: false, bad: { error: 'SchemaViolation' } });
      else expect(result.ok).toBe(true);
    });
    fc.assert(property, { numRuns: 4_000 });
  });

  it('judges arbitrary keys, headers and values without throwing: a command, or a dead letter with its reason', () => {
    const attribute = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '1.0',
        '0.3',
        'orders.order.placed',
        'orders.order.cancel-requested',
        'application/json',
        'application/cloudevents+json',
        'text/plain',
        'urn:saga-orchestrator:schema:orders.order.placed:v1',
        'urn:saga-orchestrator:schema:orders.order.placed:v9',
        '2026-01-01T00:00:00Z',
      ),
    );
    const names = ['specversion', 'id', 'source', 'type', 'time', 'dataschema', 'orderid', 'datacontenttype'];
    const headers = fc.dictionary(
      fc.constantFrom(...names.map((name) => `ce_${name}`), 'content-type', 'CE_TYPE'),
      attribute,
    );
    const structured = fc
      .record({ attributes: fc.dictionary(fc.constantFrom(...names), attribute), data: fc.jsonValue() })
      .map(({ attributes, data }) => JSON.stringify({ ...attributes, data }));
    const value = fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fuzzedOrders('raw').map(({ body }) => JSON.stringify(body)),
      structured,
    );
    const key = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom('raw-1', 'raw-2'));
    const property = fc.property(key, value, headers, (k, v, h) =>
      expectWellJudged({ key: k, value: v, headers: h }),
    );
    fc.assert(property, { numRuns: 4_000 });
  });
});

describe('the HTTP API, fuzzed', () => {
  let stack: Stack;
  let base: string;
  let token: string;
  let started = 0;

  beforeAll(async () => {
    // No worker polls this file's task queue: a saga that starts stays visible and counted.
    stack = await startStack(await e2eConfig());
    base = await stack.startApi({ rateLimit: { windowMs: 60_000, max: 1_000_000 } });
    token = await tokenFor(stack.config, { subject: 'fuzzer' });
  });
  afterAll(async () => {
    const queue = stack?.config.temporal.taskQueue;
    if (queue) {
      for await (const saga of stack.client.workflow.list({ query: `TaskQueue = "${queue}"` })) {
        await stack.client.workflow.getHandle(saga.workflowId).terminate('fuzz test over');
      }
    }
    await stack?.stop();
  });

  async function send(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ) {
    inputs += 1;
    const response = await fetch(`${base}${path}`, { method, ...init });
    const body = await response.text();
    expect(response.status, `${method} ${path} answered ${body.slice(0, 300)}`).toBeLessThan(500);
    if (response.status >= 400 && method !== 'HEAD')
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    return { status: response.status, body };
  }

  const json = (bearer = token) => ({
    authorization: `Bearer ${bearer}`,
    'content-type': 'application/json',
  });

  it('answers every broken order with 400 and starts a saga for each valid one only', async () => {
    const property = fc.asyncProperty(fuzzedOrders(`http-${Date.now()}`), async ({ body, broken }) => {
      const { status, body: answer } = await send('POST', '/orders', {
        headers: json(),
        body: JSON.stringify(body),
      });
      if (broken.length > 0) {
        expect(status, broken.join(', ')).toBe(400);
      } else {
        expect(status).toBe(202);
        if (!(JSON.parse(answer) as { alreadyStarted: boolean }).alreadyStarted) started += 1;
      }
    });
    await fc.assert(property, { numRuns: 1_200 });
  }, 180_000);

  it('answers malformed JSON, wrong types, huge bodies and wrong content types with a 4xx', async () => {
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('{"orderId": ', '[1,2', '\u0000', 'null', '"order"', `{"x":"${'y'.repeat(70_000)}"}`),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/cloudevents+json',
      '',
    );
    const property = fc.asyncProperty(body, contentType, async (text, type) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (type) headers['content-type'] = type;
      const { status } = await send('POST', '/orders', { headers, body: text });
      expect(status).toBeGreaterThanOrEqual(400);
    });
    await fc.assert(property, { numRuns: 400 });
  });

  it('answers every bad token with 401, whatever the request', async () => {
    const { secret } = stack.config.auth as { secret: string };
    const valid = await tokenFor(stack.config);
    const badToken = fc.oneof(
      fc.stringMatching(/^[\x21-\x7e]{1,300}$/),
      fc
        .nat({ max: valid.length - 1 })
        .map((i) => valid.slice(0, i) + (valid[i] === 'A' ? 'B' : 'A') + valid.slice(i + 1))
        // The last character of a segment may carry unused bits: changing only those
        // leaves the very same token, which is rightly accepted.
        .filter((tampered) => decodedSegments(tampered) !== decodedSegments(valid)),
      fc.constantFrom(valid.split('.').slice(0, 2).join('.'), `${valid}.x`, 'e30.e30.', 'a.b.c'),
    );
    const expired = await mintDevToken(secret, { expiresIn: Math.floor(Date.now() / 1000) - 1 });
    const request = fc.constantFrom(
      ['GET', '/orders/some-order'],
      ['POST', '/orders'],
      ['POST', '/orders/some-order/cancel'],
      ['GET', '/metrics'],
    );
    const property = fc.asyncProperty(
      fc.oneof(badToken, fc.constant(expired)),
      request,
      async (bad, [method, path]) => {
        const { status } = await send(method, path, {
          headers: json(bad),
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(status).toBe(401);
      },
    );
    await fc.assert(property, { numRuns: 300 });
  });

  it('answers unknown methods, odd paths and huge or unicode order ids without a 5xx', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND');
    const segment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.constantFrom('x'.repeat(3_000), '..', '%', '%00', 'order-1'),
    );
    const path = fc.oneof(
      fc.constantFrom('/orders', '/healthz', '/openapi.json', '/asyncapi.json', '/', '/orders/'),
      segment.map((s) => `/orders/${encodeURIComponent(s)}`),
      segment.map((s) => `/orders/${encodeURIComponent(s)}/cancel`),
      segment.map((s) => `/${encodeURIComponent(s)}`),
    );
    const property = fc.asyncProperty(method, path, async (m, p) => {
      await send(m, p, { headers: json(), body: ['GET', 'HEAD'].includes(m) ? undefined : '{}' });
    });
    await fc.assert(property, { numRuns: 300 });
  });

  it('started exactly the sagas of the valid orders, as Temporal counts them', async () => {
    expect(started).toBeGreaterThan(0);
    const query = `TaskQueue = "${stack.config.temporal.taskQueue}"`;
    const counted = await waitFor('Temporal to count the started sagas', async () => {
      const { count } = await stack.client.workflow.count(query);
      return count >= started && count;
    });
    expect(counted).toBe(started);
  });
});

describe('the fuzzing', () => {
  it('sent at least 10,000 generated inputs through the doors', () => {
    expect(inputs).toBeGreaterThanOrEqual(10_000);
  });
});
