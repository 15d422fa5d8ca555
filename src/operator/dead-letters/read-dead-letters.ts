import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { Database } from '../../db/prisma';
import { deadLetterTopic } from '../../ingress/dead-letter';
import { deadLetterRecord, type DeadLetterRecord } from './dead-letter-record';
import { readPartitions } from './read-partitions';

export interface ReadDeadLettersDeps {
  kafka: Kafka;
  admin: Admin;
  db: Database;
  commandsTopic: string;
  clientId: string;
}

/** Where each partition's reading starts: its beginning, or the first message at or after `since`. */
async function startOffsets(admin: Admin, topic: string, since: Date | undefined) {
  const ends = await admin.fetchTopicOffsets(topic);
  const fromTime = since ? await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime()) : [];
  const at = new Map(fromTime.map((p) => [p.partition, BigInt(p.offset)]));
  return ends.map(({ partition, low, high }) => {
    const start = at.get(partition);
    return { partition, start: start !== undefined && start >= 0n ? start : BigInt(low), end: BigInt(high) };
  });
}

/**
 * Every dead letter set aside since `since` (all when absent): those on the dead-letter
 * topic, read up to its end as it was when reading began, and those PostgreSQL kept
 * because the topic would not take them. Oldest first.
 */
export async function readDeadLetters(
  deps: ReadDeadLettersDeps,
  since?: Date,
  onProgress: (read: number, total: number) => void = () => undefined,
): Promise<DeadLetterRecord[]> {
  const topic = deadLetterTopic(deps.commandsTopic);
  const exists = (await deps.admin.listTopics()).includes(topic);
  const ranges = exists ? (await startOffsets(deps.admin, topic, since)).filter((r) => r.start < r.end) : [];
  const fromTopic = await readPartitions(
    { kafka: deps.kafka, admin: deps.admin, groupId: `${deps.clientId}-cli-${randomUUID()}` },
    topic,
    ranges,
    (message, partition) =>
      deadLetterRecord(
        `${topic}/${partition}/${message.offset}`,
        'topic',
        message.key,
        message.value,
        message.headers ?? {},
        new Date(Number(message.timestamp)).toISOString(),
      ),
    onProgress,
  );
  const rows = await deps.db.undeliverableDeadLetter.findMany({
    where: { sourceTopic: deps.commandsTopic, ...(since && { createdAt: { gte: since } }) },
    orderBy: { createdAt: 'asc' },
  });
  const fromPostgres = rows.map((row) =>
    deadLetterRecord(
      `postgres:${row.sourceTopic}/${row.sourcePartition}/${row.sourceOffset}`,
      'postgres',
      row.key && Buffer.from(row.key),
      row.value && Buffer.from(row.value),
      row.headers as Record<string, string | string[]>,
      row.createdAt.toISOString(),
    ),
  );
  return [...fromTopic, ...fromPostgres].sort((a, b) => a.time.localeCompare(b.time));
}
