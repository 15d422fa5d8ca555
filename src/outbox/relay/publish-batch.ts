import type { Message, Producer } from 'kafkajs';
import { toKafkaMessage } from './kafka-message';
import type { ClaimedEvent } from './outbox-store';

export interface BatchResult {
  published: string[];
  failed: { ids: string[]; error: string }[];
}

async function send(producer: Producer, events: ClaimedEvent[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const event of events)
    byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), toKafkaMessage(event)]);
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  });
}

/**
 * Publishes a claimed batch in one request. If that fails, it retries order by order,
 * so one order that cannot be published (its topic gone, its message too large) backs
 * off alone instead of holding up every order that shared its batch.
 */
export async function publishBatch(producer: Producer, events: ClaimedEvent[]): Promise<BatchResult> {
  try {
    await send(producer, events);
    return { published: events.map((event) => event.id), failed: [] };
  } catch {
    const byOrder = new Map<string, ClaimedEvent[]>();
    for (const event of events)
      byOrder.set(event.aggregate_id, [...(byOrder.get(event.aggregate_id) ?? []), event]);
    const result: BatchResult = { published: [], failed: [] };
    for (const orderEvents of byOrder.values()) {
      const ids = orderEvents.map((event) => event.id);
      try {
        await send(producer, orderEvents);
        result.published.push(...ids);
      } catch (error) {
        result.failed.push({ ids, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return result;
  }
}
