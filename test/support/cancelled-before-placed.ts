import { expect } from 'vitest';
import { awaitOutcome } from '../../src/temporal/saga-client';
import type { Stack } from './stack';
import { expectEventsPerTopic } from './test-orders';
import type { readTopics } from './topic-reader';

/**
 * Checks how an order cancelled before it was placed ends: its first step refused it, so
 * nothing was reserved or charged, the order is CANCELLED with the customer's reason, and
 * `orders.order.cancelled` is the only event it published.
 */
export async function expectCancelledBeforePlaced(
  stack: Stack,
  events: Awaited<ReturnType<typeof readTopics>>,
  orderId: string,
  reason: string,
): Promise<void> {
  const outcome = await awaitOutcome(stack.client, orderId);
  expect(outcome).toMatchObject({
    status: 'COMPENSATED',
    failure: { type: 'OrderCancelled', step: 'reserveInventory' },
  });
  expect(outcome.reason).toContain(reason);
  const row = await stack.context.db.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { authorization: true, reservations: true },
  });
  expect(row).toMatchObject({ status: 'CANCELLED', authorization: null, reservations: [] });
  expect(row.cancelReason).toContain(reason);
  await events.until('the cancellation on Kafka', (all) =>
    all.some((m) => m.key === orderId && m.headers.ce_type === 'orders.order.cancelled'),
  );
  await events.caughtUp();
  expectEventsPerTopic(events.messages, orderId, ['orders.order.cancelled'], stack.config.kafka.topics);
}
