import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config';
import type { Database } from '../../src/db/prisma';
import type { ReadMessage, readTopics } from './topic-reader';
import type { OrderInput } from '../../contract/order';
import { createPrivateCatalog, sampleOrder } from '../../dev/sample-data';

/** A catalog of one test file, and orders of its paying customer. */
export async function createTestCatalog(db: Database) {
  const { sku, payer, broke, price } = await createPrivateCatalog(db, 'e2e');
  const order = (overrides: Partial<OrderInput> = {}): OrderInput =>
    sampleOrder({
      orderId: `e2e-${randomUUID()}`,
      customerId: payer,
      items: [{ sku, quantity: 2, unitPrice: price }],
      ...overrides,
    });
  return { sku, payer, broke, price, order };
}

/** The events a consumer of each topic should see for the order, in the order of `types`. */
export function expectEventsPerTopic(
  messages: ReadMessage[],
  orderId: string,
  types: string[],
  topics: Config['kafka']['topics'],
): void {
  expect(eventTypesPerTopic(messages, orderId)).toEqual(expectedPerTopic(types, topics));
}

/**
 * One order's event types per topic, in the order the topic delivered them (its partition's
 * offsets), as a consumer of that topic sees them. Events of different topics have no
 * order on the wire; their causal order is the outbox's, checked on its rows.
 */
export function eventTypesPerTopic(messages: ReadMessage[], orderId: string): Record<string, string[]> {
  const perTopic: Record<string, string[]> = {};
  const mine = messages
    .filter((m) => m.key === orderId)
    .sort((a, b) => a.topic.localeCompare(b.topic) || Number(BigInt(a.offset) - BigInt(b.offset)));
  for (const m of mine) (perTopic[m.topic] ??= []).push(m.headers.ce_type!);
  return perTopic;
}

/** The per-topic sequences a consumer should see for events emitted in `types` order. */
export function expectedPerTopic(
  types: string[],
  topics: Config['kafka']['topics'],
): Record<string, string[]> {
  const perTopic: Record<string, string[]> = {};
  for (const type of types) (perTopic[topics[type.split('.')[0] as keyof typeof topics]] ??= []).push(type);
  return perTopic;
}

/** The events an order emits, in the order the saga emits them. */
/**
 * Waits for the order's events and for everything written so far, then checks the order
 * emitted exactly `types`, none twice: a duplicate published late would show up here.
 */
export async function expectOnlyTheseEvents(
  reader: Awaited<ReturnType<typeof readTopics>>,
  orderId: string,
  types: string[],
  topics: Config['kafka']['topics'],
): Promise<void> {
  await reader.until(
    'the events of the order',
    (all) => all.filter((m) => m.key === orderId).length >= types.length,
  );
  await reader.caughtUp();
  expectEventsPerTopic(reader.messages, orderId, types, topics);
}

export const EXPECTED_EVENTS = {
  happyPath: [
    'inventory.stock.reserved',
    'payments.payment.authorized',
    'shipping.shipment.created',
    'payments.payment.captured',
    'orders.order.confirmed',
  ],
  declinedPayment: ['inventory.stock.reserved', 'inventory.stock.released', 'orders.order.cancelled'],
};
