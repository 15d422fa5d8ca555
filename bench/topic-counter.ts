import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config';
import { createKafka } from '../src/kafka/client';
import type { Logger } from '../src/logger';

/** Reads one topic from the beginning and records when each event id (ce_id) arrived. */
export async function startTopicCounter(config: Config, topic: string, log: Logger) {
  const consumer = createKafka(config, log, 'bench-counter').consumer({
    groupId: `bench-counter-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const readAt = new Map<string, number>();
  let lastAt = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.ce_id?.toString() ?? randomUUID();
      if (readAt.has(id)) return; // at-least-once: a duplicate is not a second event
      lastAt = performance.now();
      readAt.set(id, lastAt);
      for (const waiter of waiters.filter((w) => readAt.size >= w.count)) waiter.resolve();
    },
  });
  return {
    readAt,
    lastAt: () => lastAt,
    /** Resolves once `count` distinct events were read, or after `timeoutMs`. */
    until(count: number, timeoutMs: number): Promise<boolean> {
      if (readAt.size >= count) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(true);
          },
        });
      });
    },
    stop: () => consumer.disconnect(),
  };
}
