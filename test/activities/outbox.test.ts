import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEvent } from 'cloudevents';
import { appendOutboxEvents, outboxEventId } from '../../src/outbox/write/append';
import { transactionLimits } from '../../src/outbox/write/deadline';
import { activities, db, setUp, testSku, topics } from './fixture';
import { makeOrder, stepInput } from './builders';
import { outboxOf } from './reads';

beforeAll(setUp);

/** An event without a cause, appended directly rather than by an activity. */
function cancelledEvent(orderId: string) {
  return { type: 'orders.order.cancelled', topic: topics.orders, orderId, data: { orderId } } as const;
}
afterAll(() => db.$disconnect());

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the outbox', () => {
  it('stores each event as a valid CloudEvent 1.0 carrying the order and its cause', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    const [row] = await outboxOf(order.orderId);

    expect(row).toMatchObject({
      aggregateType: 'order',
      aggregateId: order.orderId,
      topic: topics.inventory,
    });
    expect(row?.id).toMatch(UUID_V5);
    expect(row?.payload).toMatchObject({
      specversion: '1.0',
      id: row?.id,
      source: '/saga-orchestrator/inventory',
      type: 'inventory.stock.reserved',
      subject: order.orderId,
      datacontenttype: 'application/json',
      dataschema: 'urn:saga-orchestrator:schema:inventory.stock.reserved:v1',
      orderid: order.orderId,
      causationid: `cause-${order.orderId}`,
      data: { orderId: order.orderId, items: [{ sku: testSku, quantity: 1 }] },
    });
    expect(new CloudEvent(row?.payload as object).validate()).toBe(true);
  });

  it('derives the event id from the order and the event type alone', () => {
    const id = outboxEventId('order-1', 'orders.order.confirmed');

    expect(outboxEventId('order-1', 'orders.order.confirmed')).toBe(id);
    expect(outboxEventId('order-1', 'orders.order.cancelled')).not.toBe(id);
    expect(outboxEventId('order-2', 'orders.order.confirmed')).not.toBe(id);
  });

  it('leaves out causationid when the cause is unknown', async () => {
    const { orderId } = makeOrder();
    const event = cancelledEvent(orderId);

    await db.$transaction((tx) => appendOutboxEvents(tx, [event]));

    const [row] = await outboxOf(orderId);
    expect(row?.payload).toMatchObject({ orderid: orderId });
    expect(row?.payload).not.toHaveProperty('causationid');
  });

  it('appending an event a second time adds no row', async () => {
    const { orderId } = makeOrder();
    const event = cancelledEvent(orderId);

    const first = await db.$transaction((tx) => appendOutboxEvents(tx, [event]));
    const second = await db.$transaction((tx) => appendOutboxEvents(tx, [event]));

    expect([first, second]).toEqual([1, 0]);
    expect(await outboxOf(orderId)).toHaveLength(1);
  });
});

describe('the limits of an activity transaction', () => {
  it.each([2_000, 30_000, 120_000])(
    'add up, connection wait and the statement in flight included, to less than a %i ms activity timeout',
    (activityTimeoutMs) => {
      const { maxWait, timeout, statementTimeout } = transactionLimits(activityTimeoutMs);
      expect(maxWait + timeout + statementTimeout).toBeLessThan(activityTimeoutMs);
      expect(Math.min(maxWait, timeout, statementTimeout)).toBeGreaterThan(0);
    },
  );
});
