import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, deadLetterTopic } from '../../src/ingress/dead-letter';
import { ingressGroupId, startIngress } from '../../src/ingress/ingress';
import { createMetrics } from '../../src/metrics';
import { readTopics } from '../support/topic-reader';
import {
  useSagaClient,
  counterValue,
  createCommandsTopic,
  ingressTestConfig,
  send,
  waitForCommitPast,
  waitForSaga,
  ingressTestDeps,
} from './ingress-harness';
import { binaryMessage } from './messages';

const { baseConfig, log, db } = ingressTestDeps();
// Few attempts at the dead-letter topic, so giving up takes a second rather than ten.
const deadLetterRetry = { retries: 1, initialRetryTime: 100, maxRetryTime: 200 };

describe('dead letters the dead-letter topic will not take', () => {
  const file = useSagaClient(baseConfig, db);

  /** Runs an ingress on `topic` while `use` runs. */
  async function withIngress(
    topic: string,
    use: (run: { groupId: string; metrics: ReturnType<typeof createMetrics> }) => Promise<void>,
  ) {
    const config = ingressTestConfig(baseConfig, topic);
    const metrics = createMetrics();
    const stop = await startIngress({ config, db, log, metrics }, { deadLetterRetry });
    try {
      await use({ groupId: ingressGroupId(config), metrics });
    } finally {
      await stop();
    }
  }

  it('dead-letters a message too large with the dead-letter headers without its value, then moves on', async () => {
    const topic = await createCommandsTopic({ 'max.message.bytes': '2048' });
    const order = file.sagas.newOrder();
    const huge = { ...binaryMessage({ data: order, orderId: order.orderId }), value: 'x'.repeat(3_000) };
    const [bad, good] = await send(topic, huge, binaryMessage({ data: order, orderId: order.orderId }));

    await withIngress(topic, async ({ groupId, metrics }) => {
      await waitForSaga(file.sagas.client, order.orderId);
      await waitForCommitPast(groupId, topic, good!);
      const reader = await readTopics([deadLetterTopic(topic)]);
      const [letter] = await reader.until('the dead letter', (all) => all.length > 0);
      await reader.stop();
      expect(letter!.value).toBeNull();
      expect(letter!.headers).toMatchObject({
        ce_id: huge.headers!.ce_id,
        [DLQ_HEADERS.error]: 'UnparsableMessage',
        [DLQ_HEADERS.sourceTopic]: topic,
        [DLQ_HEADERS.sourcePartition]: String(bad!.partition),
        [DLQ_HEADERS.sourceOffset]: bad!.offset,
      });
      expect(letter!.headers[DLQ_HEADERS.valueOmitted]).toContain('3000 bytes');
      expect(
        await counterValue(metrics.deadLetters, { error: 'UnparsableMessage', to: 'topic-without-value' }),
      ).toBe(1);
    });
  });

  it('keeps the dead letter in PostgreSQL when the dead-letter topic is missing, then moves on', async () => {
    const topic = await createCommandsTopic(null);
    const order = file.sagas.newOrder();
    const message = binaryMessage({ data: { ...order, currency: 'euros' }, orderId: order.orderId });
    // Kafka headers are any bytes: a NUL, which PostgreSQL text refuses, must not block the record.
    const invalid = { ...message, headers: { ...message.headers, 'x-trace': 'a\u0000b' } };
    const [bad, good] = await send(topic, invalid, binaryMessage({ data: order, orderId: order.orderId }));

    await withIngress(topic, async ({ groupId, metrics }) => {
      await waitForSaga(file.sagas.client, order.orderId);
      await waitForCommitPast(groupId, topic, good!);
      const where = {
        sourceTopic: topic,
        sourcePartition: bad!.partition,
        sourceOffset: BigInt(bad!.offset),
      };
      const kept = await db.undeliverableDeadLetter.findUnique({
        where: { sourceTopic_sourcePartition_sourceOffset: where },
      });
      expect(kept).toMatchObject({ error: 'SchemaViolation' });
      expect(kept!.errorMessage).toContain('currency');
      expect(Buffer.from(kept!.key!).toString()).toBe(order.orderId);
      expect(Buffer.from(kept!.value!).toString()).toBe(invalid.value);
      expect(kept!.headers).toMatchObject({
        ce_id: message.headers!.ce_id,
        [DLQ_HEADERS.error]: 'SchemaViolation',
        [DLQ_HEADERS.sourceOffset]: bad!.offset,
        'x-trace': 'a\uFFFDb',
      });
      expect(kept!.deliveryError).toContain('topic');
      expect(await counterValue(metrics.deadLetters, { error: 'SchemaViolation', to: 'postgres' })).toBe(1);
      await db.undeliverableDeadLetter.delete({ where: { sourceTopic_sourcePartition_sourceOffset: where } });
    });
  });
});
