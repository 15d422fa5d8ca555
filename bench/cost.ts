import type { Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { workflowIdFor, type OrderInput } from '../contract/order';
import type { EventReader } from './event-reader';
import type { RunOne } from './load';
import { readPgCounters, readSettledPgCounters } from './pg-counters';
import { startServiceProcess } from './service-process';
import { round2 } from './stats';

export interface CostResult {
  path: 'happy' | 'compensated';
  sagas: number;
  failed: number;
  pgCommitsPerSaga: number;
  pgWriteTransactionsPerSaga: number;
  temporalStateTransitionsPerSaga: number;
  kafkaMessagesInPerSaga: number;
  kafkaMessagesOutPerSaga: number;
}

/** Workflow descriptions fetched per batch: enough for a stable mean, cheap to fetch. */
const DESCRIBE_SAMPLE = 50;

async function runBatch(
  count: number,
  concurrency: number,
  runOne: RunOne,
  tick: () => void,
): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < count) {
      await runOne(next++).catch(() => failed++);
      tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failed;
}

/**
 * One batch of sagas of one path on a freshly started service process with nothing
 * else running, between two reads of the database's counters. The counters cover the
 * process's whole life (start with its migrations check, batch, stop), so relay polls
 * and lag refreshes are included.
 */
export async function measureCost(deps: {
  path: 'happy' | 'compensated';
  count: number;
  concurrency: number;
  config: Config;
  echoServiceLogs: boolean;
  client: Client;
  reader: EventReader;
  runOne: (started: OrderInput[]) => RunOne;
  tick: () => void;
}): Promise<CostResult> {
  const { config, count } = deps;
  const before = await readPgCounters(config.databaseUrl);
  const service = await startServiceProcess(config, deps.echoServiceLogs);
  const started: OrderInput[] = [];
  const failed = await runBatch(count, deps.concurrency, deps.runOne(started), deps.tick);
  await deps.reader.caughtUp();
  await service.stop();
  const { counters: after, reads } = await readSettledPgCounters(config.databaseUrl);
  // Every read but the last committed inside the window (`before` included).
  const ownCommits = reads;
  const sample = started.slice(0, DESCRIBE_SAMPLE);
  const transitions = await Promise.all(
    sample.map(async (order) => {
      const description = await deps.client.workflow.getHandle(workflowIdFor(order.orderId)).describe();
      return Number(description.raw.workflowExecutionInfo?.stateTransitionCount ?? 0);
    }),
  );
  const eventsOut = started.reduce(
    (sum, order) => sum + (deps.reader.eventsByOrder.get(order.orderId)?.length ?? 0),
    0,
  );
  const done = started.length - failed;
  return {
    path: deps.path,
    sagas: done,
    failed,
    pgCommitsPerSaga: round2((after.commits - before.commits - ownCommits) / done),
    pgWriteTransactionsPerSaga: round2(Number(after.nextXid - before.nextXid) / done),
    temporalStateTransitionsPerSaga: round2(
      transitions.reduce((a, b) => a + b, 0) / Math.max(1, transitions.length),
    ),
    kafkaMessagesInPerSaga: round2(started.length / done),
    kafkaMessagesOutPerSaga: round2(eventsOut / done),
  };
}
