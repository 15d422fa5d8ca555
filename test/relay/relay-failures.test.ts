import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { deletePublishedBefore } from '../../src/outbox/relay/outbox-store';
import { publishOnce } from '../../src/outbox/relay/relay';
import { appendTestEvents, type TestEvent } from '../support/outbox-rows';
import { createTopic, partitionCountForTests } from '../support/topic-reader';

const config = getConfig();
const log = createLogger('silent');
const db = createDatabase(config.databaseUrl);
// Few retries, so a publish to a missing topic fails in a second rather than after minutes.
const producer = new Kafka({
  clientId: 'relay-failure-test',
  brokers: config.kafka.brokers,
  logLevel: logLevel.NOTHING,
}).producer({
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
  retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 },
});
const partitionCount = partitionCountForTests();
const drain = async () => {
  while ((await publishOnce({ config, db, producer, partitionCount, metrics: createMetrics(), log })) > 0);
};

describe('the outbox relay, when something goes wrong', () => {
  beforeAll(async () => {
    await producer.connect();
    await drain();
  });
  afterAll(async () => {
    await producer.disconnect();
    await partitionCount.stop();
    await db.$disconnect();
  });

  it('backs off an order it cannot publish, alone, and publishes the other orders of the same batch', async () => {
    const healthy = await appendTestEvents(db, await createTopic('relay-healthy'), 3, 2);
    const doomed = await appendTestEvents(db, `relay-missing-${randomUUID()}`, 1, 1);
    const metrics = createMetrics();
    try {
      const published = await publishOnce({ config, db, producer, partitionCount, metrics, log });

      expect(published).toBe(healthy.length);
      const rows = await db.outboxEvent.findMany({
        where: { id: { in: [...healthy, ...doomed].map((e) => e.id) } },
      });
      expect(
        rows
          .filter((r) => r.publishedAt !== null)
          .map((r) => r.id)
          .sort(),
      ).toEqual(healthy.map((e) => e.id).sort());
      const [failed] = rows.filter((r) => r.id === doomed[0]!.id);
      expect(failed).toMatchObject({ publishedAt: null, attempts: 1 });
      expect(failed?.lastError).toBeTruthy();
      expect(failed!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1_000);
      expect((await metrics.relayFailures.get()).values[0]?.value).toBe(1);
      // Still backing off: the next round leaves it alone instead of failing again at once.
      expect(await publishOnce({ config, db, producer, partitionCount, metrics, log })).toBe(0);
    } finally {
      await db.outboxEvent.deleteMany({ where: { id: { in: doomed.map((e) => e.id) } } });
    }
  });

  /** Rows on a topic no broker has: they must not outlive the test, or every relay keeps failing on them. */
  async function withRetentionRows(counts: number[], test: (rows: TestEvent[][]) => Promise<void>) {
    const rows: TestEvent[][] = [];
    try {
      for (const count of counts) rows.push(await appendTestEvents(db, 'relay-retention', count, 1));
      await test(rows);
    } finally {
      await db.outboxEvent.deleteMany({ where: { id: { in: rows.flat().map((e) => e.id) } } });
    }
  }
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  it('deletes published events older than the retention and keeps everything else', () =>
    withRetentionRows([3], async ([rows]) => {
      const [old, recent, waiting] = rows!;
      await db.outboxEvent.update({
        where: { id: old!.id },
        data: { publishedAt: hoursAgo(48), createdAt: hoursAgo(48) },
      });
      await db.outboxEvent.update({ where: { id: recent!.id }, data: { publishedAt: hoursAgo(1) } });
      await db.outboxEvent.update({ where: { id: waiting!.id }, data: { createdAt: hoursAgo(48) } });

      await deletePublishedBefore(db, 24);

      const left = await db.outboxEvent.findMany({
        where: { id: { in: [old!.id, recent!.id, waiting!.id] } },
      });
      expect(left.map((row) => row.id).sort()).toEqual([recent!.id, waiting!.id].sort());
    }));

  it('deletes every expired published event in one cleanup, however many chunks they fill', () => {
    const chunk = 100;
    return withRetentionRows([2 * chunk + 50, 2], async ([expired, kept]) => {
      const [recent, waiting] = kept!;
      await db.outboxEvent.updateMany({
        where: { id: { in: expired!.map((e) => e.id) } },
        data: { publishedAt: hoursAgo(48), createdAt: hoursAgo(48) },
      });
      await db.outboxEvent.update({ where: { id: recent!.id }, data: { publishedAt: new Date() } });
      await db.outboxEvent.update({ where: { id: waiting!.id }, data: { createdAt: hoursAgo(48) } });

      const deleted = await deletePublishedBefore(db, 24, chunk);

      expect(deleted).toBeGreaterThanOrEqual(expired!.length);
      expect(await db.outboxEvent.count({ where: { id: { in: expired!.map((e) => e.id) } } })).toBe(0);
      const left = await db.outboxEvent.findMany({ where: { id: { in: [recent!.id, waiting!.id] } } });
      expect(left).toHaveLength(2);
    });
  });
});
