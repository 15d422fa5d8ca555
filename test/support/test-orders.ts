import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config';
import type { Database } from '../../src/db/prisma';
import type { ReadMessage } from './topic-reader';
import type { OrderInput } from '../../contract/order';
import { createPrivateCatalog, sampleOrder } from '../../dev/sample-data';

/** A catalog of one test file, and orders of its paying customer. */
export async function createTestCatalog(db: Database) {
  const { sku, payer, broke } = await createPrivateCatalog(db, 'e2e');
  const order = (overrides: Partial<OrderInput> = {}): OrderInput =>
    sampleOrder({
      orderId: `e2e-${randomUUID()}`,
      customerId: payer,
      items: [{ sku, quantity: 2, unitPrice: 1250 }],
      ...overrides,
    });
  return { sku, payer, broke, order };
}

export const HAPPY_PATH_EVENTS = [
  'inventory.stock.reserved',
  'payments.payment.authorized',
  'shipping.shipment.created',
  'payments.payment.captured',
  'orders.order.confirmed',
];

export const DECLINED_PAYMENT_EVENTS = [
  'inventory.stock.reserved',
  'inventory.stock.released',
  'orders.order.cancelled',
];

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
