import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config';
import { topicEndOffsets } from '../dev/kafka/end-offsets';
import { createKafka } from '../src/kafka/client';
import type { Logger } from '../src/logger';

/** The event that ends a saga, as read back from the orders events topic. */
export const TERMINAL_TYPES = ['orders.order.confirmed', 'orders.order.cancelled'] as const;

/**
 * Reads the service's outbound topics from the beginning and records, per order, every
 * event type and when the saga's terminal event arrived. Waiters resolve with that time.
 */
export async function startEventReader(config: Config, log: Logger) {
  const { orders, inventory, payments, shipping } = config.kafka.topics;
  const topics = [orders, inventory, payments, shipping];
  const kafka = createKafka(config, log, 'bench-reader');
  const consumer = kafka.consumer({ groupId: `bench-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const eventsByOrder = new Map<string, string[]>();
  const finished = new Map<string, { type: string; at: number }>();
  const waiters = new Map<string, (end: { type: string; at: number }) => void>();
  const consumed = new Map<string, bigint>();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    // Small batches resolve waiters as soon as their message is in: the timestamp is the read time.
    eachMessage: async ({ topic, partition, message }) => {
      const at = performance.now();
      const orderId = message.key?.toString() ?? '';
      const type = message.headers?.ce_type?.toString() ?? '';
      eventsByOrder.set(orderId, [...(eventsByOrder.get(orderId) ?? []), type]);
      consumed.set(`${topic}/${partition}`, BigInt(message.offset) + 1n);
      if ((TERMINAL_TYPES as readonly string[]).includes(type) && !finished.has(orderId)) {
        finished.set(orderId, { type, at });
        waiters.get(orderId)?.({ type, at });
        waiters.delete(orderId);
      }
    },
  });
  return {
    eventsByOrder,
    /** Resolves with the read time of the order's terminal event. */
    finished(orderId: string): Promise<{ type: string; at: number }> {
      const known = finished.get(orderId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiters.set(orderId, resolve));
    },
    /** Resolves once everything written to the topics so far has been read. */
    async caughtUp(): Promise<void> {
      const ends = [...(await topicEndOffsets(kafka, topics))];
      await new Promise<void>((resolve) => {
        const check = () =>
          ends.every(([id, end]) => (consumed.get(id) ?? 0n) >= end) ? resolve() : setTimeout(check, 20);
        check();
      });
    },
    stop: () => consumer.disconnect(),
  };
}

export type EventReader = Awaited<ReturnType<typeof startEventReader>>;
