import { PartitionAssigners, type PartitionAssigner } from 'kafkajs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';
import { ingressGroupId, startIngress } from '../../src/ingress/ingress';
import { createMetrics } from '../../src/metrics';
import { createTopic, kafkaForTests } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';
import {
  useSagaClient,
  counterValue,
  createCommandsTopic,
  ingressTestConfig,
  send,
  waitForSaga,
} from './ingress-harness';
import { binaryMessage } from './messages';

const baseConfig = getConfig();
const db = createDatabase(baseConfig.databaseUrl);

/** Round robin under another name: a group speaking it refuses members that do not. */
const otherProtocol: PartitionAssigner = (config) => {
  const roundRobin = PartitionAssigners.roundRobin(config);
  const name = 'OtherProtocolAssigner';
  return {
    ...roundRobin,
    name,
    protocol: (subscription) => ({ ...roundRobin.protocol(subscription), name }),
  };
};

describe('the Kafka ingress consumer', () => {
  const file = useSagaClient(baseConfig, db);

  it('restarts after a crash kafkajs does not restart from, and consumes again', async () => {
    const topic = await createCommandsTopic();
    const config = ingressTestConfig(baseConfig, topic);
    // A member of the ingress's group that speaks another protocol: the broker refuses the
    // ingress's join with INCONSISTENT_GROUP_PROTOCOL, which kafkajs does not retry.
    const intruder = kafkaForTests().consumer({
      groupId: ingressGroupId(config),
      partitionAssigners: [otherProtocol],
    });
    await intruder.connect();
    await intruder.subscribe({ topics: [await createTopic('intruder')] });
    await intruder.run({ eachMessage: async () => undefined });
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const metrics = createMetrics();
    const stop = await startIngress(
      { config, db, log, metrics },
      { restart: { initialDelayMs: 100, maxDelayMs: 500 } },
    );
    try {
      const crash = await waitFor('the consumer to crash', () =>
        lines.find((line) => line.includes('ingress consumer crashed')),
      );
      expect(crash).toContain('protocols are incompatible');
      await intruder.disconnect();

      const order = file.sagas.newOrder();
      await send(topic, binaryMessage({ data: order, orderId: order.orderId }));
      expect((await waitForSaga(file.sagas.client, order.orderId)).status.name).toBe('RUNNING');
      expect(await counterValue(metrics.consumerCrashes, { restarted_by: 'ingress' })).toBeGreaterThan(0);
    } finally {
      await intruder.disconnect();
      await stop();
    }
  });
});
