import { randomUUID } from 'node:crypto';
import { allTopics, type Config } from '../src/config';
import { createKafka } from '../src/kafka/client';
import type { Logger } from '../src/logger';

/**
 * The service's configuration with fresh topics, a unique task queue and a unique
 * client id (so the ingress joins its own consumer group): sagas and events of the
 * benchmark never mix with anything else on the same servers.
 */
export async function isolatedConfig(base: Config, log: Logger): Promise<Config> {
  const run = randomUUID().slice(0, 8);
  const topic = (name: string) => `bench-${run}-${name}`;
  const config: Config = {
    ...base,
    temporal: { ...base.temporal, taskQueue: `bench-${run}` },
    kafka: {
      ...base.kafka,
      clientId: `bench-${run}`,
      topics: {
        commands: topic('commands'),
        orders: topic('orders'),
        inventory: topic('inventory'),
        payments: topic('payments'),
        shipping: topic('shipping'),
      },
    },
  };
  await createTopics(config, allTopics(config), log);
  return config;
}

export async function createTopics(config: Config, topics: string[], log: Logger): Promise<void> {
  const admin = createKafka(config, log, 'bench-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: config.kafka.partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
