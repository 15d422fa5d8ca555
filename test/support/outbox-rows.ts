import { randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import type { Prisma } from '../../generated/prisma/client';
import type { Database } from '../../src/db/prisma';

export interface TestEvent {
  id: string;
  orderId: string;
  step: number;
}

/**
 * Appends `eventsPerOrder` outbox rows for each of `orders` new orders, the way
 * concurrent sagas write them: a few orders in progress at a time, their events
 * interleaved at random, so one order's events sit close together in the outbox.
 */
export async function appendTestEvents(db: Database, topic: string, orders: number, eventsPerOrder: number) {
  const run = randomUUID().slice(0, 8);
  const inProgress = 8;
  const events: TestEvent[] = [];
  for (let first = 0; first < orders; first += inProgress) {
    const next = new Map<number, number>();
    for (let order = first; order < Math.min(orders, first + inProgress); order++) next.set(order, 0);
    while (next.size > 0) {
      const order = [...next.keys()][Math.floor(Math.random() * next.size)]!;
      const step = next.get(order)!;
      events.push({ id: randomUUID(), orderId: `relay-${run}-${order}`, step });
      if (step + 1 < eventsPerOrder) next.set(order, step + 1);
      else next.delete(order);
    }
  }
  for (let start = 0; start < events.length; start += 500) {
    await db.outboxEvent.createMany({
      data: events.slice(start, start + 500).map((event) => ({
        id: event.id,
        aggregateType: 'order',
        aggregateId: event.orderId,
        eventType: 'test.relay.step',
        topic,
        payload: new CloudEvent({
          id: event.id,
          source: '/saga-orchestrator/test',
          type: 'test.relay.step',
          subject: event.orderId,
          orderid: event.orderId,
          datacontenttype: 'application/json',
          data: { orderId: event.orderId, step: event.step },
        }).toJSON() as Prisma.InputJsonObject,
      })),
    });
  }
  return events;
}

/** Steps of each order in the order they were read from Kafka. */
export function stepsByOrder(messages: { key: string; value: unknown }[]): Map<string, number[]> {
  const byOrder = new Map<string, number[]>();
  for (const { key, value } of messages) {
    byOrder.set(key, [...(byOrder.get(key) ?? []), (value as { step: number }).step]);
  }
  return byOrder;
}
