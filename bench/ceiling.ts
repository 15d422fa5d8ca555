import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../src/config';
import { temporalConnectionOptions } from '../src/temporal/connection-options';
import type { BareActivities } from './bare-workflow';
import { closedLoop, withTimeout, type PhaseResult } from './load';
import type { BenchOptions } from './options';

const workflowsPath = fileURLToPath(new URL('./bare-workflow.ts', import.meta.url));

/**
 * The bare workflow on its own task queue with its own worker, created with the same
 * options as the service's worker (the SDK defaults), driven in a closed loop at the
 * saga's concurrency with `client.workflow.execute`.
 */
export async function runCeiling(
  options: BenchOptions,
  config: Config,
  client: Client,
  tick: () => void,
): Promise<PhaseResult> {
  const taskQueue = `bench-bare-${randomUUID().slice(0, 8)}`;
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const activities: BareActivities = { noop: async () => undefined };
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath,
    activities,
  });
  const running = worker.run();
  try {
    const runOne = async () => {
      const started = performance.now();
      await withTimeout(
        client.workflow.execute('bareSaga', {
          taskQueue,
          workflowId: `bench-bare-${randomUUID()}`,
          args: [options.bareActivities],
        }),
        60_000,
        'bare workflow',
      );
      return { latencyMs: performance.now() - started, kind: 'bare' };
    };
    // The same warm-up as the saga gets.
    return await closedLoop(
      {
        concurrency: options.concurrency,
        seconds: options.durationSeconds,
        firstIndex: 0,
        warmup: options.concurrency,
      },
      runOne,
      tick,
    );
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
