import type { Admin } from 'kafkajs';
import type { Config } from '../config';

/** Every topic the service reads or writes, dead letters included. */
export function allTopics(config: Config): string[] {
  const { topics } = config.kafka;
  return [
    topics.commands,
    `${topics.commands}.dlq`,
    topics.orders,
    topics.inventory,
    topics.payments,
    topics.shipping,
  ];
}

/**
 * Creates the service's topics that do not exist yet. Safe when several processes start
 * at once: a topic another process created in between counts as created.
 */
export async function ensureTopics(admin: Admin, config: Config): Promise<void> {
  const missing = async () => {
    const existing = new Set(await admin.listTopics());
    return allTopics(config).filter((topic) => !existing.has(topic));
  };
  const absent = await missing();
  if (absent.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: absent.map((topic) => ({
        topic,
        numPartitions: config.kafka.partitions,
        replicationFactor: 1,
      })),
    });
  } catch (error) {
    if ((await missing()).length > 0) throw error;
  }
}
