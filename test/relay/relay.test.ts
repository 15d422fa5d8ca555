import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';
import { createKafka, createReliableProducer } from '../../src/kafka/client';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { repoRoot } from '../../dev/infra/paths';
import { publishOnce, startRelay } from '../../src/outbox/relay/relay';
import { appendTestEvents, stepsByOrder } from '../support/outbox-rows';
import { createTopic, partitionCountForTests, readTopics } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

const baseConfig = getConfig();
const log = createLogger('silent');
const db = createDatabase(baseConfig.databaseUrl);
const partitionCount = partitionCountForTests();

function newProducer() {
  return createReliableProducer(createKafka(baseConfig, log, 'relay-test'));
}

async function unpublished(ids: string[]) {
  return db.outboxEvent.count({ where: { id: { in: ids }, publishedAt: null } });
}

describe('the outbox relay', () => {
  const producer = newProducer();
  const drain = async () => {
    const deps = { config: baseConfig, db, producer, partitionCount, log };
    while ((await publishOnce({ ...deps, metrics: createMetrics() })) > 0);
  };
  beforeAll(() => producer.connect());
  afterAll(async () => {
    await producer.disconnect();
    await partitionCount.stop();
    await db.$disconnect();
  });

  it('run as two instances, publishes every event exactly once, each order in order, and records where each event was stored', async () => {
    const topic = await createTopic('relay-test');
    const config = { ...baseConfig, relay: { ...baseConfig.relay, batchSize: 25, pollIntervalMs: 100 } };
    const instances = [createMetrics(), createMetrics()];
    const producers = [newProducer(), newProducer()];
    await Promise.all(producers.map((p) => p.connect()));
    const stops = await Promise.all(
      instances.map((metrics, i) =>
        startRelay({ config, db, producer: producers[i]!, partitionCount, metrics, log }),
      ),
    );

    const events = await appendTestEvents(db, topic, 300, 4);
    const ids = events.map((event) => event.id);
    await waitFor('every event to be marked published', async () => (await unpublished(ids)) === 0, 60_000);
    for (const stop of stops) await stop();
    await Promise.all(producers.map((p) => p.disconnect()));

    const reader = await readTopics([topic]);
    const messages = await reader.caughtUp();
    await reader.stop();

    const readIds = messages.map((m) => m.headers.ce_id);
    expect(new Set(readIds).size).toBe(events.length);
    expect(readIds.length - new Set(readIds).size).toBe(0); // duplicates
    const rows = await db.outboxEvent.findMany({ where: { id: { in: ids } } });
    const recorded = new Map(rows.map((row) => [row.id, `${row.publishedPartition}/${row.publishedOffset}`]));
    const stored = messages.map((m) => [m.headers.ce_id, recorded.get(m.headers.ce_id!)]);
    expect(stored).toEqual(messages.map((m) => [m.headers.ce_id, `${m.partition}/${m.offset}`]));
    const outOfOrder = [...stepsByOrder(messages)].filter(([, steps]) => steps.join() !== '0,1,2,3');
    expect(outOfOrder).toEqual([]);
    const perInstance = await Promise.all(
      instances.map(async (m) => (await m.relayPublished.get()).values[0]?.value ?? 0),
    );
    expect(perInstance.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(events.length);
    expect(perInstance.every((count) => count > 0)).toBe(true);
  });

  it('killed between publish and mark, re-publishes the same event ids with no gap', async () => {
    await drain();
    const topic = await createTopic('relay-crash-test');
    const events = await appendTestEvents(db, topic, 10, 3);
    const ids = events.map((event) => event.id);

    const crashed = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/crashing-relay.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(crashed.signal).toBe('SIGKILL');
    const publishedBeforeCrash = JSON.parse(crashed.stdout.trim()) as string[];
    expect([...publishedBeforeCrash].sort()).toEqual([...ids].sort());
    expect(await unpublished(ids)).toBe(ids.length);

    await drain();
    expect(await unpublished(ids)).toBe(0);

    const reader = await readTopics([topic]);
    const messages = await reader.caughtUp();
    await reader.stop();
    const timesRead = new Map<string, number>();
    for (const m of messages) timesRead.set(m.headers.ce_id!, (timesRead.get(m.headers.ce_id!) ?? 0) + 1);
    expect([...timesRead.keys()].sort()).toEqual([...ids].sort());
    expect([...timesRead.values()].every((n) => n === 2)).toBe(true);
    for (const [, steps] of stepsByOrder(messages)) expect(steps).toEqual([0, 1, 2, 0, 1, 2]);
  });
});
