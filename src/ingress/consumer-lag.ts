import type { Admin } from 'kafkajs';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { StopFunction } from '../roles/role';

export interface ConsumerLagOptions {
  admin: Pick<Admin, 'fetchTopicOffsets' | 'fetchOffsets'>;
  groupId: string;
  topic: string;
  metrics: Metrics;
  log: Logger;
  intervalMs?: number;
}

/**
 * The group's lag per partition: the partition's end minus the group's committed offset
 * (its start when nothing is committed yet). Read from the broker rather than from the
 * consumer's own batches, so a consumer that is stalled, retrying or crashed shows its
 * lag growing instead of its last good value.
 */
export async function measureConsumerLag({ admin, groupId, topic, metrics }: ConsumerLagOptions) {
  const [ends, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const position = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  for (const { partition, high, low } of ends) {
    const at = position.get(partition) ?? -1n;
    const lag = BigInt(high) - (at < 0n ? BigInt(low) : at);
    metrics.consumerLag.set({ topic, partition: String(partition) }, Number(lag > 0n ? lag : 0n));
  }
}

/** Measures the lag every `intervalMs` (default 5 s) until the returned function stops it. */
export function startConsumerLagReporter(options: ConsumerLagOptions): StopFunction {
  let measuring: Promise<void> | undefined;
  const measure = () =>
    (measuring ??= measureConsumerLag(options)
      .catch((error: unknown) => options.log.warn({ err: error }, 'consumer lag could not be measured'))
      .finally(() => (measuring = undefined)));
  const timer = setInterval(() => void measure(), options.intervalMs ?? 5_000);
  void measure();
  return async () => {
    clearInterval(timer);
    await measuring;
  };
}
