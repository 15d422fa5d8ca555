import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureConsumerLag } from '../../src/ingress/consumer-lag';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createTopic, kafkaForTests } from '../support/topic-reader';

const admin = kafkaForTests().admin();
const producer = kafkaForTests().producer();
beforeAll(() => Promise.all([admin.connect(), producer.connect()]));
afterAll(() => Promise.all([admin.disconnect(), producer.disconnect()]));

async function lagOf(metrics: ReturnType<typeof createMetrics>): Promise<Record<string, number>> {
  const { values } = await metrics.consumerLag.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.partition), v.value]));
}

describe('the ingress consumer lag', () => {
  it('is the messages past the group committed offset per partition, all of them before the first commit', async () => {
    const topic = await createTopic('lag', 2);
    const groupId = `lag-${randomUUID()}`;
    const messages = Array.from({ length: 5 }, (_, i) => ({ value: `m${i}`, partition: 0 }));
    await producer.send({ topic, acks: -1, messages: [...messages, { value: 'other', partition: 1 }] });
    const metrics = createMetrics();
    const log = createLogger('silent');

    await measureConsumerLag({ admin, groupId, topic, metrics, log });
    expect(await lagOf(metrics)).toEqual({ '0': 5, '1': 1 });

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
    await measureConsumerLag({ admin, groupId, topic, metrics, log });
    expect(await lagOf(metrics)).toEqual({ '0': 3, '1': 1 });
  });
});
