import { isolatedCopy, type Config } from '../src/config';
import { kafkaService } from '../src/infra/kafka';
import { createKafka } from '../src/kafka/client';
import type { Logger } from '../src/logger';

/**
 * The service's configuration with fresh topics, a unique task queue and a unique
 * client id (so the ingress joins its own consumer group): sagas and events of the
 * benchmark never mix with anything else on the same servers.
 */
export async function isolatedConfig(base: Config): Promise<Config> {
  const config = isolatedCopy(base, 'bench');
  await kafkaService.prepare(config);
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
