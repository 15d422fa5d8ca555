import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics';
import { kafkaViolations } from '../../src/operator/reconcile/kafka-checks';
import { startReconciler } from '../../src/operator/reconcile/scheduler';
import type { ReconcileReport } from '../../src/operator/reconcile/reconcile';
import { startSaga, awaitOutcome } from '../../src/temporal/saga-client';
import { jsonOf, runSaga } from '../support/saga-cli';
import type { Stack } from '../support/stack';
import type { createTestCatalog } from '../support/test-orders';
import { startWorkerStack } from '../support/worker-stack';
import { createTopic, kafkaForTests } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;

beforeAll(async () => {
  ({ stack, catalog } = await startWorkerStack());
});
afterAll(() => stack?.stop());

const db = () => stack.context.db;

/** Runs a saga to its end with every event published. */
async function finishedOrder(customerId = catalog.payer) {
  const order = catalog.order({ customerId });
  await startSaga(stack.client, stack.config, order, 'reconcile-test');
  await awaitOutcome(stack.client, order.orderId);
  await waitFor('every event published', async () => {
    const unpublished = await db().outboxEvent.count({
      where: { aggregateId: order.orderId, publishedAt: null },
    });
    return unpublished === 0;
  });
  return order.orderId;
}

/** Breaks the agreement of the rows with each other, with Temporal and with Kafka, six ways. */
async function breakRows(confirmed: string, uncaptured: string, cancelled: string) {
  await db().order.update({ where: { id: confirmed }, data: { status: 'PENDING' } });
  await db().inventoryReservation.updateMany({ where: { orderId: cancelled }, data: { status: 'RESERVED' } });
  await db().paymentLedgerEntry.deleteMany({ where: { orderId: uncaptured, kind: 'CAPTURE' } });
  const orphan = `orphan-${randomUUID()}`;
  await db().order.create({
    data: { id: orphan, customerId: catalog.payer, currency: 'EUR', totalAmount: 1, shippingAddress: {} },
  });
  const stale = randomUUID();
  await db().$executeRaw`
    INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type, topic, payload, created_at)
    VALUES (${stale}::uuid, 'order', ${cancelled}, 'orders.order.cancelled', ${`missing-${randomUUID()}`},
      '{}'::jsonb, now() - interval '1 hour')`;
  return { orphan, stale };
}

describe('saga reconcile', { timeout: 180_000 }, () => {
  it('exits 0 when the database, Temporal and Kafka agree, and 1 naming each violation once rows are changed', async () => {
    const confirmed = await finishedOrder();
    const uncaptured = await finishedOrder();
    const cancelled = await finishedOrder(catalog.broke);
    const scope = ['--order', confirmed, uncaptured, cancelled];

    const clean = await runSaga(stack.config, ['reconcile', ...scope]);
    expect(clean.stdout).toContain('Every invariant holds');
    expect(clean.code).toBe(0);

    const { orphan, stale } = await breakRows(confirmed, uncaptured, cancelled);
    try {
      const broken = await runSaga(stack.config, [
        'reconcile',
        '--json',
        '--outbox-max-age',
        '60',
        ...scope,
        orphan,
      ]);

      expect(broken.code).toBe(1);
      const report = jsonOf<ReconcileReport>(broken);
      expect(report.violations.map((v) => [v.invariant, v.subject]).sort()).toEqual(
        [
          ['order-status-mismatch', confirmed],
          ['capture-mismatch', uncaptured],
          ['reservation-held-after-finish', cancelled],
          ['product-reserved-mismatch', catalog.sku],
          ['order-without-saga', orphan],
          ['outbox-unpublished', stale],
        ].sort(),
      );
      expect(report.counts).toMatchObject({ 'order-status-mismatch': 1, 'event-offset-beyond-topic-end': 0 });
      const readable = await runSaga(stack.config, ['reconcile', ...scope, orphan]);
      expect(readable.code).toBe(1);
      expect(readable.stdout).toContain(`saga COMPLETED with SagaStatus COMPLETED but order is PENDING`);
    } finally {
      // An event on a topic no broker has would make every later relay fail on it.
      await db().outboxEvent.delete({ where: { id: stale } });
    }
  });

  it('on a schedule, exports the violation count of every invariant as a gauge', async () => {
    const confirmed = await finishedOrder();
    await db().order.update({ where: { id: confirmed }, data: { status: 'CANCELLED' } });
    const metrics = createMetrics();
    const admin = kafkaForTests().admin();
    await admin.connect();
    const stop = startReconciler({
      deps: { db: db(), client: stack.client, namespace: stack.config.temporal.namespace, admin },
      scope: { orderIds: [confirmed], maxSagas: 100, outboxMaxAgeSeconds: 300 },
      intervalMs: 200,
      metrics,
      log: stack.context.log,
    });
    try {
      const gauge = async (invariant: string) =>
        (await metrics.reconcileViolations.get()).values.find((v) => v.labels.invariant === invariant)?.value;
      await waitFor('a scheduled run', async () => (await gauge('order-status-mismatch')) === 1);
      expect(await gauge('order-without-saga')).toBe(0);
      const text = await metrics.registry.metrics();
      expect(text).toContain('reconcile_violations{invariant="order-status-mismatch"} 1');
      expect(text).toMatch(/reconcile_runs_total\{outcome="violations"\} [1-9]/);
    } finally {
      await stop();
      await admin.disconnect();
    }
  });
});

describe('the Kafka check of saga reconcile', () => {
  it('names a partition whose recorded publish offset lies past the end of the topic', async () => {
    const topic = await createTopic('reconcile-offsets', 1);
    const id = randomUUID();
    await db().$executeRaw`
      INSERT INTO outbox_event (id, aggregate_type, aggregate_id, event_type, topic, payload, published_at,
        published_partition, published_offset)
      VALUES (${id}::uuid, 'order', ${`lost-${randomUUID()}`}, 'orders.order.confirmed', ${topic},
        '{}'::jsonb, now(), 0, 41)`;
    const admin = kafkaForTests().admin();
    await admin.connect();
    try {
      const violations = await kafkaViolations(db(), admin);
      expect(violations.filter((v) => v.subject.startsWith(topic))).toEqual([
        {
          invariant: 'event-offset-beyond-topic-end',
          subject: `${topic}/0`,
          detail: 'an event was recorded as published at offset 41 but the partition ends at 0',
        },
      ]);
    } finally {
      await db().outboxEvent.delete({ where: { id } }); // a lasting violation for every later run
      await admin.disconnect();
    }
  });
});
