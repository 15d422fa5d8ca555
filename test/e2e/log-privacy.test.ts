import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../contract/events';
import type { ShippingAddress } from '../../contract/order';
import { tokenFor } from '../../dev/auth/dev-token';
import { commandMessage } from '../../dev/kafka/commands';
import { createReliableProducer } from '../../src/kafka/client';
import { createLogger } from '../../src/logger';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { e2eConfig, roles, startStack, type Stack } from '../support/stack';
import { createTestCatalog } from '../support/test-orders';
import { kafkaForTests } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

const PRIVATE: ShippingAddress = {
  name: 'Philippa Quillfeather',
  line1: '17 Larkspur Mews',
  line2: 'Flat Obscura',
  city: 'Wimbleford-under-Hush',
  postalCode: 'QX9 4ZZ',
  country: 'DE',
};
const PRIVATE_TEXTS = Object.values(PRIVATE).filter((text) => text.length > 2);

let lines: string[] = [];
let stack: Stack;
let api: ApiCaller;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;

beforeAll(async () => {
  const sink = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
  stack = await startStack(await e2eConfig(), { log: createLogger('info', 'saga-orchestrator', sink) });
  catalog = await createTestCatalog(stack.context.db);
  for (const role of [roles.relay, roles.worker, roles.ingress]) await stack.start(role);
  api = apiCaller(await stack.startApi(), await tokenFor(stack.config));
});
afterAll(async () => {
  await stack?.stop();
});

describe('the log at info level', () => {
  it('names no customer and no address while orders go through both doors, are rejected or dead-lettered', async () => {
    const overRest = catalog.order({ shippingAddress: PRIVATE });
    const undeliverable = catalog.order({ shippingAddress: { ...PRIVATE, country: 'ZZ' } });
    const overKafka = catalog.order({ shippingAddress: PRIVATE });
    const invalid = catalog.order({ shippingAddress: { ...PRIVATE, country: 'germany' } });
    expect((await api.post('/orders', overRest)).status).toBe(202);
    expect((await api.post('/orders', undeliverable)).status).toBe(202);
    expect((await api.post('/orders', invalid)).status).toBe(400);
    const producer = createReliableProducer(kafkaForTests());
    await producer.connect();
    await producer.send({
      topic: stack.config.kafka.topics.commands,
      acks: -1,
      messages: [overKafka, invalid].map((o) => commandMessage(COMMAND_TYPES.orderPlaced, o.orderId, o)),
    });
    await producer.disconnect();

    expect(await awaitOutcome(stack.client, overRest.orderId)).toMatchObject({ status: 'COMPLETED' });
    expect(await awaitOutcome(stack.client, undeliverable.orderId)).toMatchObject({ status: 'COMPENSATED' });
    expect(await awaitOutcome(stack.client, overKafka.orderId)).toMatchObject({ status: 'COMPLETED' });
    await waitFor('the invalid command to be dead-lettered', () =>
      lines.some((line) => line.includes('message dead-lettered')),
    );
    await api.get(`/orders/${overRest.orderId}`);

    const log = lines.join('');
    expect(log).toContain('"msg":"saga started"');
    for (const text of PRIVATE_TEXTS) expect(log, `the log mentions ${text}`).not.toContain(text);
  });

  it('redacts an address or a bearer token even when a line carries one', () => {
    lines = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
    const log = createLogger('info', 'privacy', sink);
    log.info({ order: { orderId: 'o-1', shippingAddress: PRIVATE } }, 'an order');
    log.info({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'a request');
    const written = lines.join('');
    expect(written).toContain('o-1');
    for (const text of [...PRIVATE_TEXTS, 'secret-token']) expect(written).not.toContain(text);
  });
});
