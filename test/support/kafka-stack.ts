import type { Config } from '../../src/config';
import { e2eConfig, roles, startStack } from './stack';
import { createTestCatalog } from './test-orders';
import { readTopics } from './topic-reader';

export function eventTopics(config: Config): string[] {
  const { orders, inventory, payments, shipping } = config.kafka.topics;
  return [orders, inventory, payments, shipping];
}

/**
 * A private copy of the whole service on Kafka (relay, worker and ingress on fresh topics),
 * a catalog of its own, and a reader of everything its event topics receive.
 */
export async function startKafkaStack() {
  const stack = await startStack(await e2eConfig());
  const catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  await stack.start(roles.ingress);
  const events = await readTopics(eventTopics(stack.config));
  return {
    stack,
    catalog,
    events,
    stop: async () => {
      await events.stop();
      await stack.stop();
    },
  };
}
