import type { Consumer, ConsumerRunConfig, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { StopFunction } from '../roles/role';
import type { RetryOptions } from './retry';

export interface SupervisedConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  run: ConsumerRunConfig;
  log: Logger;
  metrics: Metrics;
  /** Backoff between restarts after crashes kafkajs does not restart from. */
  restart: RetryOptions;
}

/**
 * Keeps a consumer of `topic` running in its group until the returned function stops it.
 * kafkajs restarts its consumer after retriable errors only; after any other crash (a
 * non-retriable broker error, an unexpected error from the handler) it leaves it stopped,
 * and the partitions would sit unread without a word. Such a crash starts a fresh
 * consumer here, after a backoff that doubles while the crashes go on.
 */
export async function runSupervisedConsumer(options: SupervisedConsumerOptions): Promise<StopFunction> {
  const { kafka, groupId, topic, run, log, metrics, restart } = options;
  let current: Consumer | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = restart.initialDelayMs;

  const restartLater = () => {
    if (stopped) return;
    log.error({ restartInMs: delay }, 'ingress consumer stopped for good by kafkajs; restarting it');
    timer = setTimeout(
      () =>
        void start().catch((error: unknown) => {
          log.error({ err: error }, 'ingress consumer could not restart');
          restartLater();
        }),
      delay,
    );
    delay = Math.min(delay * 2, restart.maxDelayMs);
  };

  async function start(): Promise<void> {
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    current = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (delay = restart.initialDelayMs));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const restartedBy = payload.restart ? 'kafkajs' : 'ingress';
      metrics.consumerCrashes.inc({ restarted_by: restartedBy });
      log.error({ err: payload.error, restartedBy }, 'ingress consumer crashed');
      if (!payload.restart && consumer === current) restartLater();
    });
    try {
      await consumer.connect();
      // From the beginning for a new group: commands written before the first start are not
      // lost, and replaying them is harmless because the workflow id deduplicates.
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run(run);
    } catch (error) {
      await consumer.disconnect().catch(() => undefined); // a failed start leaves no connection behind
      throw error;
    }
    if (stopped) await consumer.disconnect(); // stopped while this restart was under way
  }

  await start();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current?.disconnect();
  };
}
