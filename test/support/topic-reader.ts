import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { getConfig } from '../../src/config';
import { topicEndOffsets } from '../../dev/kafka/end-offsets';
import { partitionCountsFrom } from '../../src/kafka/partitions';
import { waitFor } from './wait-for';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

const kafka = new Kafka({
  clientId: 'test-reader',
  brokers: getConfig().kafka.brokers,
  logLevel: logLevel.NOTHING,
});

export function kafkaForTests() {
  return kafka;
}

export async function createTopic(prefix: string, partitions = 3): Promise<string> {
  return createNamedTopic(`${prefix}-${randomUUID()}`, partitions);
}

export async function createNamedTopic(topic: string, partitions = 3): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  return topic;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

/** Reads topics from the beginning with a fresh consumer group, collecting every message. */
export async function readTopics(topics: string[]) {
  const messages: ReadMessage[] = [];
  const consumed = new Map<string, bigint>();
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const raw = message.value?.toString() ?? 'null';
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: String(message.key),
        value,
        headers: decodeHeaders(message.headers),
      });
      consumed.set(`${topic}/${partition}`, BigInt(message.offset) + 1n);
    },
  });
  return {
    messages,
    /** Resolves once everything written to the topics so far has been read. */
    async caughtUp(timeoutMs = 30_000) {
      const ends = [...(await topicEndOffsets(kafka, topics))];
      await waitFor(
        'the reader to reach the end of the topics',
        () => ends.every(([id, end]) => end === 0n || (consumed.get(id) ?? 0n) >= end),
        timeoutMs,
      );
      return messages;
    },
    /** Resolves once `predicate` holds for the messages read so far. */
    until(what: string, predicate: (all: ReadMessage[]) => boolean, timeoutMs = 30_000) {
      return waitFor(what, () => predicate(messages) && messages, timeoutMs);
    },
    stop: () => consumer.disconnect(),
  };
}

/** Partition counts for a relay under test, read through a shared admin connected on first use. */
export function partitionCountForTests() {
  const admin = kafka.admin();
  const connected = admin.connect();
  const count = partitionCountsFrom(admin);
  return Object.assign((topic: string) => connected.then(() => count(topic)), {
    stop: () => connected.then(() => admin.disconnect()),
  });
}
