import { randomUUID } from 'node:crypto';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../contract/events';
import { commandMessage } from '../../dev/kafka/commands';
import { SAMPLE_ADDRESS } from '../../dev/sample-data';
import { followOrder, type OrderEvent } from '../../dev/consumer-example';
import { asyncApiDocument } from '../../src/api/asyncapi';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { messageChecker, parseAsyncApi } from '../support/asyncapi-messages';
import { eventTopics, startKafkaStack } from '../support/kafka-stack';
import type { Stack } from '../support/stack';
import { createTestCatalog, EXPECTED_EVENTS } from '../support/test-orders';
import { readTopics, type ReadMessage } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;
let stop: (() => Promise<void>) | undefined;
let document: AsyncAPIDocumentInterface;
let send: (topic: string, ...messages: Message[]) => Promise<unknown>;
const ofOrder = (orderId: string) => (all: ReadMessage[]) => all.filter((m) => m.key === orderId);

beforeAll(async () => {
  ({ stack, catalog, events, send, stop } = await startKafkaStack());
  document = (await parseAsyncApi(asyncApiDocument(stack.config.kafka.topics))).document!;
});
afterAll(() => stop?.());

describe('the events on the real broker', () => {
  it('are each what the AsyncAPI document defines for its topic, dataschema included', async () => {
    const completed = catalog.order();
    const undeliverable = catalog.order({ shippingAddress: { ...SAMPLE_ADDRESS, country: 'BR' } });
    const declined = catalog.order({ customerId: catalog.broke });
    const orders = [completed, undeliverable, declined];
    const placed = orders.map((order) => commandMessage('orders.order.placed', order.orderId, order));
    await send(stack.config.kafka.topics.commands, ...placed);
    for (const order of orders) await awaitOutcome(stack.client, order.orderId);

    const published = await events.until('the events of the three orders', (all) =>
      orders.every((order) =>
        ofOrder(order.orderId)(all).some((m) => m.headers.ce_type?.startsWith('orders.')),
      ),
    );
    const mine = published.filter((m) => orders.some((order) => order.orderId === m.key));
    const check = messageChecker(document);
    expect(
      mine.flatMap((m) => check(m.topic, m).map((problem) => `${m.headers.ce_type}: ${problem}`)),
    ).toEqual([]);
    const types = new Set(mine.map((m) => m.headers.ce_type));
    expect([...types].sort()).toEqual(
      Object.values(EVENT_TYPES)
        .filter((type) => type !== 'payments.payment.refunded' && type !== 'shipping.shipment.cancelled')
        .sort(),
    );
    for (const m of mine) {
      expect(m.headers.ce_dataschema).toBe(`urn:saga-orchestrator:schema:${m.headers.ce_type}:v1`);
    }
  });

  it('include the dead letter of a command in a version the door does not accept, as the document defines it', async () => {
    const { commands } = stack.config.kafka.topics;
    const dlq = await readTopics([`${commands}.dlq`]);
    const order = catalog.order();
    const command = commandMessage('orders.order.placed', order.orderId, order);
    command.headers = {
      ...command.headers,
      ce_dataschema: 'urn:saga-orchestrator:schema:orders.order.placed:v2',
    };
    await send(commands, command);

    const [dead] = await dlq.until('the dead letter', (all) => ofOrder(order.orderId)(all).length > 0);
    await dlq.stop();
    expect(dead?.headers['dlq-error']).toBe('UnsupportedSchemaVersion');
    expect(messageChecker(document)(`${commands}.dlq`, dead!)).toEqual([]);
  });
});

describe('the consumer example', () => {
  it('follows one order: each event once, in its topic order, skipping versions it does not understand', async () => {
    const order = catalog.order();
    const other = catalog.order();
    await send(
      stack.config.kafka.topics.commands,
      ...[order, other].map((o) => commandMessage('orders.order.placed', o.orderId, o)),
    );
    for (const o of [order, other]) await awaitOutcome(stack.client, o.orderId);
    const published = await events.until('the five events', (all) => ofOrder(order.orderId)(all).length >= 5);
    const captured = published.find(
      (m) => m.key === order.orderId && m.headers.ce_type === EVENT_TYPES.paymentCaptured,
    )!;
    const again = { key: order.orderId, value: JSON.stringify(captured.value), headers: captured.headers };
    const newer = { ...again, headers: { ...again.headers, ce_id: randomUUID(), ce_dataschema: 'urn:x:v9' } };
    await send(captured.topic, again, newer);

    const seen: OrderEvent[] = [];
    const skipped: string[] = [];
    const stop = await followOrder({
      brokers: stack.config.kafka.brokers,
      topics: eventTopics(stack.config),
      groupId: `consumer-example-${randomUUID()}`,
      orderId: order.orderId,
      onEvent: (event) => void seen.push(event),
      onSkipped: (reason) => void skipped.push(reason),
    });
    try {
      await waitFor(
        'five events, a duplicate and an unknown version',
        () => seen.length >= 5 && skipped.length >= 2,
      );
    } finally {
      await stop();
    }

    expect(skipped.sort()).toEqual(['duplicate', 'unknown version']);
    expect(new Set(seen.map((event) => event.id)).size).toBe(seen.length);
    expect(seen.map((event) => event.type).sort()).toEqual([...EXPECTED_EVENTS.happyPath].sort());
    const payments = seen.filter((event) => event.type.startsWith('payments.')).map((event) => event.type);
    expect(payments).toEqual([EVENT_TYPES.paymentAuthorized, EVENT_TYPES.paymentCaptured]);
    expect(seen.every((event) => event.orderId === order.orderId)).toBe(true);
    expect(seen.find((event) => event.type === EVENT_TYPES.orderConfirmed)?.data).toMatchObject({
      orderId: order.orderId,
      customerId: order.customerId,
    });
  });
});
