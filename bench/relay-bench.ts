import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import { createTopics } from './topics';
import type { BenchOptions } from './options';
import type { RelayContender } from './relay-contender';
import { insertAtRate, relayEvents } from './relay-rows';
import { round2, summarize, type LatencySummary } from './stats';
import { startTopicCounter } from './topic-counter';

export interface RelayResult {
  relay: string;
  settings: Record<string, string | number>;
  flatOut: { rows: number; published: number; seconds: number; eventsPerSecond: number; drained: boolean };
  atRate: { ratePerSecond: number; rows: number; published: number; lagMs: LatencySummary };
}

/**
 * Flat out: `relayRows` rows inserted while the relay is stopped, then the time from its
 * start until a consumer has read them all. At rate: rows committed at a fixed rate with
 * the relay running; lag = consumer read time minus the insert's commit time.
 */
export async function benchRelay(
  options: BenchOptions,
  config: Config,
  log: Logger,
  contender: RelayContender,
  tick: (done: number) => void,
): Promise<RelayResult> {
  const run = randomUUID().slice(0, 8);
  const [flatTopic, rateTopic] = [`bench-relay-flat-${run}`, `bench-relay-rate-${run}`];
  await createTopics(config, [flatTopic, rateTopic], log);

  const flatEvents = relayEvents(options.relayRows, flatTopic);
  await contender.insertBulk(flatEvents);
  const flatCounter = await startTopicCounter(config, flatTopic, log);
  const progress = setInterval(() => tick(flatCounter.readAt.size), 250);
  const startedAt = performance.now();
  let stop = await contender.start();
  const drained = await flatCounter.until(flatEvents.length, options.relayTimeoutSeconds * 1000);
  const seconds = ((drained ? flatCounter.lastAt() : performance.now()) - startedAt) / 1000;
  clearInterval(progress);
  const published = flatCounter.readAt.size;
  await stop();
  await flatCounter.stop();
  if (!drained) await contender.discardPending(flatTopic);

  const rateEvents = relayEvents(
    Math.round(options.relayRatePerSecond * options.relayRateSeconds),
    rateTopic,
  );
  const rateCounter = await startTopicCounter(config, rateTopic, log);
  stop = await contender.start();
  const committedAt = await insertAtRate(rateEvents, options.relayRatePerSecond, (rows) =>
    contender.insertTransaction(rows),
  );
  await rateCounter.until(rateEvents.length, options.relayTimeoutSeconds * 1000);
  await stop();
  await rateCounter.stop();
  const lags = [...committedAt].flatMap(([id, at]) => {
    const read = rateCounter.readAt.get(id);
    return read === undefined ? [] : [read - at];
  });
  tick(options.relayRows);
  return {
    relay: contender.name,
    settings: contender.settings,
    flatOut: {
      rows: flatEvents.length,
      published,
      seconds: round2(seconds),
      eventsPerSecond: round2(published / seconds),
      drained,
    },
    atRate: {
      ratePerSecond: options.relayRatePerSecond,
      rows: rateEvents.length,
      published: lags.length,
      lagMs: summarize(lags),
    },
  };
}
