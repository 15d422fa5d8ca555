import type { Producer } from 'kafkajs';
import type { PartitionCount } from '../../kafka/partitions';
import type { Config } from '../../config';
import type { Database } from '../../db/prisma';
import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics';
import { listenForOutboxCommits } from '../wake-up/commit-notifications';
import type { OutboxSignal } from '../wake-up/outbox-signal';
import { publishBatch } from './publish-batch';
import { inPublishSpans } from './publish-spans';
import {
  claimBatch,
  deletePublishedBefore,
  markFailed,
  markPublished,
  oldestUnpublishedAgeSeconds,
} from './outbox-store';
import { createWakeSignal } from '../wake-up/wake-signal';
import type { StopFunction } from '../../roles/role';

export interface RelayDeps {
  config: Config;
  db: Database;
  producer: Producer;
  /** Partition counts of the event topics, so the relay knows where each event lands. */
  partitionCount: PartitionCount;
  metrics: Metrics;
  log: Logger;
  /** Commits announced inside this process (see OutboxSignal). */
  localCommits?: Pick<OutboxSignal, 'onCommitted'>;
  /** Called after Kafka acknowledged a batch and before it is marked published. */
  afterPublish?: (eventIds: string[]) => void | Promise<void>;
}

const LAG_REFRESH_MS = 2_000;
const CLEANUP_EVERY_MS = 60_000;

/** Publishes one claimed batch; returns how many events it published. */
export async function publishOnce(deps: RelayDeps): Promise<number> {
  const { batchSize } = deps.config.relay;
  return deps.db.$transaction(
    async (tx) => {
      const events = await claimBatch(tx, { orders: batchSize, events: batchSize });
      if (events.length === 0) return 0;
      const timer = deps.metrics.relayBatchSeconds.startTimer();
      const { published, failed } = await inPublishSpans(events, () =>
        publishBatch(deps.producer, deps.partitionCount, events),
      );
      for (const { ids, error } of failed) {
        await markFailed(tx, ids, error);
        deps.metrics.relayFailures.inc(ids.length);
        deps.log.warn(
          { err: error, events: ids.length },
          'publishing outbox events failed; retrying with backoff',
        );
      }
      if (published.length > 0) {
        await deps.afterPublish?.(published.map((event) => event.id));
        await markPublished(tx, published);
        deps.metrics.relayPublished.inc(published.length);
      }
      timer();
      return published.length;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/**
 * Runs the relay until the returned function stops it: wakes on commit notifications,
 * polls as a fallback, keeps publishing while batches come back full.
 */
export async function startRelay(deps: RelayDeps): Promise<StopFunction> {
  const { pollIntervalMs, batchSize, retentionHours } = deps.config.relay;
  const wake = createWakeSignal();
  const stopListening = await listenForOutboxCommits(deps.config.databaseUrl, () => wake.trigger(), deps.log);
  const stopLocal = deps.localCommits?.onCommitted(() => wake.trigger());
  let running = true;

  const loop = (async () => {
    while (running) {
      const published = await publishOnce(deps).catch((error: Error) => {
        deps.log.error({ err: error.message }, 'outbox relay round failed');
        return 0;
      });
      if (published < batchSize) await wake.wait(pollIntervalMs);
    }
  })();

  const refreshLag = () =>
    oldestUnpublishedAgeSeconds(deps.db)
      .then((age) => deps.metrics.relayLagSeconds.set(age))
      .catch(() => undefined);
  // One round at a time: a round deletes everything expired, however long that takes.
  let cleaning: Promise<unknown> | undefined;
  const cleanUp = () =>
    (cleaning ??= deletePublishedBefore(deps.db, retentionHours, undefined, () => running)
      .catch((error: Error) => deps.log.warn({ err: error.message }, 'outbox cleanup failed'))
      .finally(() => (cleaning = undefined)));
  const lagTimer = setInterval(() => void refreshLag(), LAG_REFRESH_MS);
  const cleanupTimer = setInterval(() => void cleanUp(), CLEANUP_EVERY_MS);
  void refreshLag();

  return async () => {
    running = false;
    clearInterval(lagTimer);
    clearInterval(cleanupTimer);
    wake.trigger();
    await loop;
    await cleaning;
    stopLocal?.();
    await stopListening();
  };
}
