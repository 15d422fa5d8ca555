import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';

const config = getConfig();
const kafka = new Kafka({
  clientId: 'infra-test',
  brokers: config.kafka.brokers,
  logLevel: logLevel.NOTHING,
});

describe('Kafka', () => {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `infra-test-${randomUUID()}` });

  afterAll(async () => {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  });

  it('delivers a message produced to a fresh topic back to a consumer group', async () => {
    const topic = `infra-test-${randomUUID()}`;
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(
      true,
    );

    const body = JSON.stringify({ probe: randomUUID() });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key: string; value: string; partition: number }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          resolve({ key: String(message.key), value: String(message.value), partition });
        },
      });
    });

    await producer.connect();
    const [sent] = await producer.send({ topic, acks: -1, messages: [{ key: 'order-1', value: body }] });
    const message = await received;

    expect(message).toEqual({ key: 'order-1', value: body, partition: sent?.partition });
    await admin.deleteTopics({ topics: [topic] });
  });
});
