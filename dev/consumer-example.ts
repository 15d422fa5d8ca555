import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

/**
 * How another team consumes our events, with kafkajs alone: read a topic, keep the
 * versions you understand, drop duplicates by id and follow one order by its key.
 * Run it with `npx tsx dev/consumer-example.ts <orderId> [topic…]`.
 */

export interface OrderEvent {
  id: string;
  type: string;
  orderId: string;
  data: unknown;
}

export interface Follower {
  brokers: string[];
  topics: string[];
  /** The consumer group: Kafka remembers how far it has read. */
  groupId: string;
  orderId: string;
  /** Each event of the order, once, in the order its topic holds them. */
  onEvent: (event: OrderEvent) => void | Promise<void>;
  /** A message passed over: a duplicate, or a version this consumer does not understand. */
  onSkipped?: (reason: 'duplicate' | 'unknown version', message: KafkaMessage) => void;
}

/** The version of every event this consumer was written for. */
const understands = (type: string, dataschema: string | undefined) =>
  dataschema === `urn:saga-orchestrator:schema:${type}:v1`;

/** Starts following the order; returns the function that stops. */
export async function followOrder(follower: Follower): Promise<() => Promise<void>> {
  const { brokers, topics, groupId, orderId, onEvent, onSkipped } = follower;
  const kafka = new Kafka({ clientId: 'order-follower', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId });
  // Delivery is at least once. A real consumer keeps the ids it has handled in its own
  // database, written in the same transaction as what it does with the event.
  const handled = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      // The key is the order id: all of an order's events are in one partition, in order.
      if (message.key?.toString() !== orderId) return;
      const header = (name: string) => message.headers?.[name]?.toString();
      const [id, type] = [header('ce_id') ?? '', header('ce_type') ?? ''];
      if (!understands(type, header('ce_dataschema'))) return onSkipped?.('unknown version', message);
      if (handled.has(id)) return onSkipped?.('duplicate', message);
      await onEvent({ id, type, orderId, data: JSON.parse(message.value?.toString() ?? 'null') });
      handled.add(id);
    },
  });
  return () => consumer.disconnect();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [orderId, ...topics] = process.argv.slice(2);
  if (!orderId) throw new Error('usage: consumer-example.ts <orderId> [topic…]');
  const stop = await followOrder({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    topics:
      topics.length > 0
        ? topics
        : ['orders.events', 'inventory.events', 'payments.events', 'shipping.events'],
    groupId: `order-follower-${randomUUID()}`,
    orderId,
    onEvent: (event) => console.log(event.type, JSON.stringify(event.data)),
    onSkipped: (reason, message) =>
      console.warn(`skipped (${reason}): ${message.headers?.ce_id?.toString()}`),
  });
  process.once('SIGINT', () => void stop());
}
