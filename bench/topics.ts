import type { Config } from '../src/config';
import { createKafka } from '../src/kafka/client';
import type { Logger } from '../src/logger';

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
