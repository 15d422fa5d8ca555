import { COMMAND_TYPES } from '../../contract/events';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandMessage } from '../../dev/kafka/commands';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { expectCancelledBeforePlaced } from '../support/cancelled-before-placed';
import { startKafkaStack } from '../support/kafka-stack';
import { roles, e2eConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog, EXPECTED_EVENTS, expectOnlyTheseEvents } from '../support/test-orders';
import { readTopics } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;
let stop: (() => Promise<void>) | undefined;
let sendTo: (topic: string, ...messages: Message[]) => Promise<unknown>;
const send = (...messages: Message[]) => sendTo(stack.config.kafka.topics.commands, ...messages);
const outcomeOf = (orderId: string) => awaitOutcome(stack.client, orderId);

beforeAll(async () => {
  ({ stack, catalog, events, send: sendTo, stop } = await startKafkaStack());
});
afterAll(() => stop?.());

describe('an order placed on Kafka', () => {
  it('runs its saga to completion and publishes the full event sequence with the rows committed', async () => {
    const order = catalog.order();
    const placed = commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order);
    await send(placed);

    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPLETED' });
    await expectOnlyTheseEvents(events, order.orderId, EXPECTED_EVENTS.happyPath, stack.config.kafka.topics);
    const messages = events.messages;
    const outbox = await stack.context.db.outboxEvent.findMany({
      where: { aggregateId: order.orderId },
      orderBy: { sequence: 'asc' },
    });
    expect(outbox.map((row) => row.eventType)).toEqual(EXPECTED_EVENTS.happyPath);
    const mine = messages.filter((m) => m.key === order.orderId);
    expect(new Set(mine.map((m) => m.headers.ce_causationid))).toEqual(new Set([placed.headers!.ce_id]));
    expect(mine.every((m) => m.headers.ce_orderid === order.orderId)).toBe(true);
    const row = await stack.context.db.order.findUnique({
      where: { id: order.orderId },
      include: { shipment: true },
    });
    expect(row).toMatchObject({ status: 'CONFIRMED', shipment: { status: 'CREATED' } });
  });

  it('delivered three times starts one saga and produces one set of events', async () => {
    const order = catalog.order();
    const placed = commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order);
    await send(placed, placed, placed);

    await outcomeOf(order.orderId);
    const sagas = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId = 'order-${order.orderId}'` }))
      sagas.push(run);
    expect(sagas).toHaveLength(1);
    await expectOnlyTheseEvents(events, order.orderId, EXPECTED_EVENTS.happyPath, stack.config.kafka.topics);
  });

  it('is compensated when the customer cannot pay, leaving stock and money untouched', async () => {
    const order = catalog.order({ customerId: catalog.broke });
    const stock = () => stack.context.db.product.findUniqueOrThrow({ where: { sku: catalog.sku } });
    const before = await stock();
    await send(commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order));
    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPENSATED' });
    expect(await stock()).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
    const payments = await stack.context.db.paymentAuthorization.count({ where: { orderId: order.orderId } });
    expect(payments).toBe(0);
    await expectOnlyTheseEvents(
      events,
      order.orderId,
      EXPECTED_EVENTS.declinedPayment,
      stack.config.kafka.topics,
    );
  });

  it('after a malformed message in the same partition, is still processed, and the bad one is dead-lettered', async () => {
    const order = catalog.order();
    const dlq = await readTopics([`${stack.config.kafka.topics.commands}.dlq`]);
    await send(
      { key: order.orderId, value: '{"not json', headers: { ce_specversion: '1.0' } },
      commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order),
    );
    expect(await outcomeOf(order.orderId)).toMatchObject({ status: 'COMPLETED' });
    const [dead] = await dlq.until('the dead letter', (all) => all.some((m) => m.key === order.orderId));
    await dlq.stop();
    expect(dead).toMatchObject({
      key: order.orderId,
      headers: { 'dlq-source-topic': stack.config.kafka.topics.commands },
    });
    expect(dead?.headers['dlq-error']).toBeTruthy();
  });

  it('cancelled on Kafka before it was placed is never charged and ends cancelled', async () => {
    const order = catalog.order();
    const { orderId } = order;
    await send(
      commandMessage('orders.order.cancel-requested', orderId, { orderId, reason: 'changed my mind' }),
      commandMessage('orders.order.placed', orderId, order),
    );

    await expectCancelledBeforePlaced(stack, events, orderId, 'changed my mind');
  });

  it('is compensated by a cancel request sent on Kafka before the point of no return', async () => {
    // A second copy of the service whose worker starts only once the cancel has arrived,
    // so the saga is still before its first step when it sees the cancel.
    const held = await startStack(await e2eConfig());
    const order = catalog.order();
    try {
      await held.start(roles.ingress);
      await sendTo(
        held.config.kafka.topics.commands,
        commandMessage(COMMAND_TYPES.orderPlaced, order.orderId, order),
        commandMessage(COMMAND_TYPES.cancelRequested, order.orderId, {
          orderId: order.orderId,
          reason: 'changed my mind',
        }),
      );
      const handle = held.client.workflow.getHandle(`order-${order.orderId}`);
      await waitFor('the cancel signal in the saga history', async () => {
        const history = await handle.fetchHistory().catch(() => undefined);
        return history?.events?.some(
          (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'cancel',
        );
      });
      await held.start(roles.worker);
      expect(await handle.result()).toMatchObject({
        status: 'COMPENSATED',
        reason: 'cancelled: changed my mind',
      });
      const row = await held.context.db.order.findUnique({ where: { id: order.orderId } });
      expect(row).toMatchObject({ status: 'CANCELLED' });
    } finally {
      await held.stop();
    }
  });
});
