import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../contract/events';
import { EVENT_SCHEMAS } from '../../contract/event-schemas';
import { mintDevToken, newSecret } from '../../dev/auth/dev-token';
import { asyncApiDocument } from '../../src/api/asyncapi';
import { authenticate } from '../../src/api/auth/require-scope';
import { createTokenVerifier } from '../../src/api/auth/verifier';
import { operationsRouter } from '../../src/api/operations-routes';
import { getConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { deadLetter, DLQ_HEADERS } from '../../src/ingress/dead-letter';
import { outboxCloudEvent } from '../../src/outbox/write/append';
import { toKafkaMessage } from '../../src/outbox/relay/kafka-message';
import type { TraceCarrier } from '../../src/tracing/trace-context';
import { ASYNCAPI_FILE, contractFiles, REPOSITORY } from '../../scripts/contracts/contract-files';
import { messageChecker, parseAsyncApi } from '../support/asyncapi-messages';

const topics = getConfig({}).kafka.topics;

let parsed: Awaited<ReturnType<typeof parseAsyncApi>>;
beforeAll(async () => {
  parsed = await parseAsyncApi(asyncApiDocument(topics));
});
const document = () => parsed.document!;

const asRecord = (headers: object | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

/** An order's cancellation as the relay publishes it, read back as a consumer sees it. */
function relayedCancellation(traceContext?: TraceCarrier) {
  const data = { orderId: 'o-1', customerId: 'c-1', reason: 'changed my mind' };
  const payload = outboxCloudEvent({
    type: EVENT_TYPES.orderCancelled,
    topic: topics.orders,
    orderId: 'o-1',
    data,
  });
  const row = { id: 'x', sequence: 1n, aggregate_id: 'o-1', topic: topics.orders, payload };
  const message = toKafkaMessage({ ...row, trace_context: traceContext });
  return { key: 'o-1', value: data, headers: asRecord(message.headers) };
}

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3 for the AsyncAPI parser, without a single remark', async () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document?.version()).toMatch(/^3\./);
  });

  it('is refused by the parser when a message it names does not exist', async () => {
    const broken = asyncApiDocument(topics) as { channels: { commands: { messages: object } } };
    broken.channels.commands.messages = { ghost: { $ref: '#/components/messages/ghost' } };
    const { document, diagnostics } = await parseAsyncApi(broken);
    expect(document).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toContain('invalid-ref');
  });

  it("puts each command on the commands topic and each event on its domain's topic", async () => {
    const names = Object.fromEntries(
      document()
        .channels()
        .all()
        .map((channel) => [
          String(channel.address()),
          channel
            .messages()
            .all()
            .map((m) => m.name()),
        ]),
    );
    expect(names).toEqual({
      [topics.commands]: ['orders.order.placed', 'orders.order.cancel-requested'],
      [`${topics.commands}.dlq`]: ['dead-letter'],
      [topics.orders]: ['orders.order.confirmed', 'orders.order.cancelled'],
      [topics.inventory]: ['inventory.stock.reserved', 'inventory.stock.released'],
      [topics.payments]: [
        'payments.payment.authorized',
        'payments.payment.captured',
        'payments.payment.voided',
        'payments.payment.refunded',
      ],
      [topics.shipping]: ['shipping.shipment.created', 'shipping.shipment.cancelled'],
    });
    const operations = document().operations().all();
    expect(
      operations.filter((o) => o.action() === 'receive').map((o) => o.channels().all()[0]?.address()),
    ).toEqual([topics.commands]);
  });

  it('describes an event as the relay writes it: key, ce_* headers with its dataschema, JSON data', async () => {
    const check = messageChecker(document());
    const record = relayedCancellation();

    expect(check(topics.orders, record)).toEqual([]);
    expect(check(topics.orders, { ...record, value: { orderId: 'o-1' } })).not.toEqual([]);
    const otherVersion = {
      ...record.headers,
      ce_dataschema: 'urn:saga-orchestrator:schema:orders.order.cancelled:v2',
    };
    expect(check(topics.orders, { ...record, headers: otherVersion })).not.toEqual([]);
  });

  it('describes the trace context the relay adds to an event, and refuses a malformed traceparent', async () => {
    const check = messageChecker(document());
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const record = relayedCancellation({ traceparent, tracestate: 'vendor=1' });

    expect(record.headers).toMatchObject({ ce_traceparent: traceparent, ce_tracestate: 'vendor=1' });
    expect(check(topics.orders, record)).toEqual([]);
    const malformed = { ...record.headers, ce_traceparent: 'not-a-traceparent' };
    expect(check(topics.orders, { ...record, headers: malformed })).not.toEqual([]);
  });

  it('describes the dead-letter topic with the headers the ingress adds', async () => {
    const check = messageChecker(document());
    const source = { topic: topics.commands, partition: 2, offset: '41' };
    const bad = { error: 'SchemaViolation', message: 'invalid data: currency: expected a code' } as const;
    const original = { key: Buffer.from('o-1'), value: Buffer.from('{}'), headers: { ce_id: 'e-1' } };
    const dead = deadLetter({ ...original, timestamp: '0', attributes: 0, offset: '41' }, source, bad);
    const record = { key: 'o-1', value: {}, headers: asRecord(dead.headers) };

    expect(check(`${topics.commands}.dlq`, record)).toEqual([]);
    const withoutError = { ...record.headers };
    delete withoutError[DLQ_HEADERS.error];
    expect(check(`${topics.commands}.dlq`, { ...record, headers: withoutError })).not.toEqual([]);
  });

  it('carries every event schema as the payload of its message', async () => {
    for (const type of Object.values(EVENT_TYPES)) {
      const message = document()
        .messages()
        .all()
        .find((m) => m.id() === `${type}.v1`);
      expect(message?.payload()?.json(), type).toMatchObject({
        schema: {
          $id: `urn:saga-orchestrator:schema:${type}:v1`,
          description: EVENT_SCHEMAS[type].v1.description,
        },
      });
    }
  });

  it('is committed as generated with the default topics (npm run contracts:write)', async () => {
    const committed = await readFile(join(REPOSITORY, ASYNCAPI_FILE), 'utf8');
    expect(committed).toBe(contractFiles().get(ASYNCAPI_FILE));
  });

  it('is served by the API beside /openapi.json, naming the configured topics', async () => {
    const mine = { ...topics, payments: 'team-b.payments' };
    const secret = newSecret();
    const server = express()
      .use(authenticate(createTokenVerifier({ mode: 'secret', secret }, createLogger('silent'))))
      .use(operationsRouter({ checks: {}, topics: mine }))
      .listen(0);
    await once(server, 'listening');
    try {
      const response = await fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/asyncapi.json`,
        { headers: { authorization: `Bearer ${await mintDevToken(secret, { scopes: [] })}` } },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(asyncApiDocument(mine));
    } finally {
      server.close();
    }
  });
});
