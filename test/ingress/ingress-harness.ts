import { afterAll, beforeAll } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Message } from 'kafkajs';
import { isolatedCopy } from '../../dev/isolated-config';
import { getConfig, type Config } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { deadLetterTopic } from '../../src/ingress/dead-letter';
import { sagaExists } from '../../src/temporal/saga-client';
import type { Metrics } from '../../src/metrics';
import { workflowIdFor } from '../../contract/order';
import { createTopic, kafkaForTests } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';
import { anOrder } from './messages';

/**
 * A commands topic and its dead-letter topic of its own; `deadLetterTopicConfig` sets the
 * dead-letter topic's configuration, or leaves it out when null.
 */
export async function createCommandsTopic(
  deadLetterTopicConfig: Record<string, string> | null = {},
): Promise<string> {
  const topic = await createTopic('ingress-test');
  if (deadLetterTopicConfig === null) return topic;
  const admin = kafkaForTests().admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      {
        topic: deadLetterTopic(topic),
        numPartitions: 1,
        configEntries: Object.entries(deadLetterTopicConfig).map(([name, value]) => ({ name, value })),
      },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  return topic;
}

/** What an ingress test file shares: the configuration, a silent logger, its own database client. */
export function ingressTestDeps() {
  const baseConfig = getConfig();
  return { baseConfig, log: createLogger('silent'), db: createDatabase(baseConfig.databaseUrl) };
}

/** Its own topic, consumer group and task queue: no worker runs the sagas, nothing is shared. */
export function ingressTestConfig(base: Config, topic: string): Config {
  const config = isolatedCopy(base, 'ingress-test');
  return { ...config, kafka: { ...config.kafka, topics: { ...config.kafka.topics, commands: topic } } };
}

export async function send(topic: string, ...messages: Message[]) {
  const producer = kafkaForTests().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const metadata = [];
  // One send per message so each gets its own offset back.
  for (const message of messages)
    metadata.push(...(await producer.send({ topic, acks: -1, messages: [message] })));
  await producer.disconnect();
  return metadata.map(({ partition, baseOffset }) => ({ partition, offset: baseOffset! }));
}

/** The group's committed offset per partition ('-1' when it never committed). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
  const admin = kafkaForTests().admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return new Map(offsets!.partitions.map(({ partition, offset }) => [partition, offset]));
}

export function waitForCommitPast(groupId: string, topic: string, at: { partition: number; offset: string }) {
  return waitFor(`the group to commit past offset ${at.offset} of partition ${at.partition}`, async () => {
    const committed = (await committedOffsets(groupId, topic)).get(at.partition) ?? '-1';
    return BigInt(committed) > BigInt(at.offset) && committed;
  });
}

export { sagaExists };

export async function waitForSaga(client: Client, orderId: string) {
  await waitFor(`the saga of ${orderId}`, () => sagaExists(client, orderId));
  return client.workflow.getHandle(workflowIdFor(orderId)).describe();
}

/** The saga's start input, as recorded in the first event of its history. */
export async function startInput(client: Client, orderId: string): Promise<unknown> {
  const history = await client.workflow.getHandle(workflowIdFor(orderId)).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload && defaultPayloadConverter.fromPayload(payload);
}

export async function countSagas(client: Client, orderId: string): Promise<number> {
  const { count } = await client.workflow.count(`WorkflowId = '${workflowIdFor(orderId)}'`);
  return count;
}

type Counter =
  Metrics['ingressMessages'] | Metrics['deadLetters'] | Metrics['sagasStarted'] | Metrics['consumerCrashes'];

export async function counterValue(metric: Counter, labels: Record<string, string>) {
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([name, value]) => (v.labels as Record<string, unknown>)[name] === value),
  );
  return match?.value ?? 0;
}

/**
 * A Temporal client for one test file. `newOrder()` makes an order whose saga `close()`
 * terminates, so no test leaves a saga behind on a task queue no worker polls.
 */
/**
 * The saga client of one test file, connected before its tests; afterwards its sagas are
 * terminated and the file's database connection closed.
 */
export function useSagaClient(config: Config, db: Database): { readonly sagas: SagaTestClient } {
  const holder: { sagas?: SagaTestClient } = {};
  beforeAll(async () => {
    holder.sagas = await connectSagaClient(config);
  });
  afterAll(async () => {
    await holder.sagas?.close();
    await db.$disconnect();
  });
  return holder as { readonly sagas: SagaTestClient };
}

export type SagaTestClient = Awaited<ReturnType<typeof connectSagaClient>>;

export async function connectSagaClient(config: Config) {
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const orderIds: string[] = [];
  return {
    client,
    newOrder() {
      const order = anOrder();
      orderIds.push(order.orderId);
      return order;
    },
    async close() {
      for (const orderId of orderIds)
        await client.workflow
          .getHandle(workflowIdFor(orderId))
          .terminate('test over')
          .catch(() => undefined);
      await connection.close();
    },
  };
}
