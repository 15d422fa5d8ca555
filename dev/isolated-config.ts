import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config';
import { newSecret } from './auth/dev-token';
import { ensureTopics } from '../src/kafka/topics';
import { kafkaAdmin } from './infra/kafka';

/**
 * The same configuration with topics, task queue and consumer group of its own, named
 * `<prefix>-<run>…`: several copies of the service (test files, a benchmark run) share
 * one set of servers without seeing each other's sagas or events. Each copy checks tokens
 * with a secret of its own (mint them with `tokenFor`).
 */
export function isolatedCopy(config: Config, prefix: string): Config {
  const run = `${prefix}-${randomUUID().slice(0, 8)}`;
  const topic = (name: string) => `${run}-${name}`;
  return {
    ...config,
    temporal: { ...config.temporal, taskQueue: run },
    // The scheduled reconciler checks the whole shared database, which other copies change.
    reconcile: { ...config.reconcile, intervalMs: 0 },
    auth: { mode: 'secret', secret: newSecret() },
    kafka: {
      ...config.kafka,
      clientId: run,
      topics: {
        commands: topic('commands'),
        orders: topic('orders'),
        inventory: topic('inventory'),
        payments: topic('payments'),
        shipping: topic('shipping'),
      },
    },
  };
}

/** An isolated copy whose topics exist on the broker. */
export async function isolatedConfig(base: Config, prefix: string): Promise<Config> {
  const config = isolatedCopy(base, prefix);
  const admin = kafkaAdmin(config);
  await admin.connect();
  try {
    await ensureTopics(admin, config);
  } finally {
    await admin.disconnect();
  }
  return config;
}
