import type { Message, Producer, RecordMetadata } from 'kafkajs';
import { keyedPartition, type PartitionCount } from '../../kafka/partitions';
import { toKafkaMessage } from './kafka-message';
import type { ClaimedEvent } from './outbox-store';

/** Where Kafka stored one published outbox event. */
export interface PublishedEvent {
  id: string;
  partition: number;
  offset: string;
}

export interface BatchResult {
  published: PublishedEvent[];
  failed: { ids: string[]; error: string }[];
}

async function send(
  producer: Producer,
  partitionCount: PartitionCount,
  events: ClaimedEvent[],
): Promise<PublishedEvent[]> {
  const byTopic = new Map<string, { id: string; message: Message }[]>();
  for (const event of events) {
    const message = toKafkaMessage(event);
    message.partition = keyedPartition(event.topic, await partitionCount(event.topic), message);
    byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), { id: event.id, message }]);
  }
  const acknowledged = await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, sent]) => ({ topic, messages: sent.map((s) => s.message) })),
  });
  return offsetsOf(byTopic, acknowledged);
}

/**
 * Kafka answers with each partition's base offset; the messages sent to one partition in
 * one request are stored in the order they were sent, from that offset on.
 */
function offsetsOf(
  byTopic: Map<string, { id: string; message: Message }[]>,
  acknowledged: RecordMetadata[],
): PublishedEvent[] {
  const base = new Map(
    acknowledged.map((m) => [`${m.topicName}/${m.partition}`, BigInt(m.baseOffset ?? -1)]),
  );
  const next = new Map<string, bigint>();
  return [...byTopic].flatMap(([topic, sent]) =>
    sent.map(({ id, message }) => {
      const slot = `${topic}/${message.partition}`;
      const offset = next.get(slot) ?? base.get(slot) ?? -1n;
      next.set(slot, offset + 1n);
      return { id, partition: message.partition!, offset: offset.toString() };
    }),
  );
}

/**
 * Publishes a claimed batch in one request. If that fails, it retries order by order,
 * so one order that cannot be published (its topic gone, its message too large) backs
 * off alone instead of holding up every order that shared its batch.
 */
export async function publishBatch(
  producer: Producer,
  partitionCount: PartitionCount,
  events: ClaimedEvent[],
): Promise<BatchResult> {
  try {
    return { published: await send(producer, partitionCount, events), failed: [] };
  } catch {
    const byOrder = new Map<string, ClaimedEvent[]>();
    for (const event of events)
      byOrder.set(event.aggregate_id, [...(byOrder.get(event.aggregate_id) ?? []), event]);
    const result: BatchResult = { published: [], failed: [] };
    for (const orderEvents of byOrder.values()) {
      try {
        result.published.push(...(await send(producer, partitionCount, orderEvents)));
      } catch (error) {
        const ids = orderEvents.map((event) => event.id);
        result.failed.push({ ids, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return result;
  }
}
