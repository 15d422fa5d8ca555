import type { Message } from 'kafkajs';
import type { Config } from '../../src/config';
import { createReliableProducer } from '../../src/kafka/client';
import type { SpanSink } from '../../src/tracing/tracing';
import { e2eConfig, roles, startStack } from './stack';
import { createTestCatalog } from './test-orders';
import { kafkaForTests, readTopics } from './topic-reader';

export function eventTopics(config: Config): string[] {
  const { orders, inventory, payments, shipping } = config.kafka.topics;
  return [orders, inventory, payments, shipping];
}

/**
 * A private copy of the whole service on Kafka (relay, worker and ingress on fresh topics),
 * a catalog of its own, a producer, and a reader of everything its event topics receive.
 */
export async function startKafkaStack(spans?: SpanSink) {
  const stack = await startStack(await e2eConfig(), { spans });
  const catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  await stack.start(roles.ingress);
  const events = await readTopics(eventTopics(stack.config));
  const producer = createReliableProducer(kafkaForTests());
  await producer.connect();
  return {
    stack,
    catalog,
    events,
    /** Writes messages to any topic, as an upstream service would (acks from all replicas). */
    send: (topic: string, ...messages: Message[]) => producer.send({ topic, acks: -1, messages }),
    stop: async () => {
      await producer.disconnect();
      await events.stop();
      await stack.stop();
    },
  };
}
