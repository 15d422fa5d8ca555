import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { configEnv } from '../dev/config-env';
import { startRoleProcess } from '../dev/role-process';
import type { Config } from '../src/config';
import { cpuMsPer, startFootprint, TEMPORAL_PROCESS } from './footprint';
import { closedLoop, countCompletions, withTimeout, type PhaseResult } from './load';
import type { BenchOptions } from './options';

const BARE_WORKER = 'bare worker';

export interface CeilingResult extends PhaseResult {
  /** CPU per bare workflow of the worker's process and of the Temporal server, ms. */
  workerCpuMsPerWorkflow: number | null;
  temporalCpuMsPerWorkflow: number | null;
}

/**
 * The bare workflow on its own task queue, with a worker in a process of its own created
 * with the same options as the service's worker (the SDK defaults), driven in a closed
 * loop at the saga's concurrency with `client.workflow.execute`. The CPU the worker and
 * the server spend per bare workflow is what Temporal alone costs for a workflow of that
 * many regular activities, with no database and no Kafka.
 */
export async function runCeiling(
  options: BenchOptions,
  config: Config,
  client: Client,
  tick: () => void,
): Promise<CeilingResult> {
  const taskQueue = `bench-bare-${randomUUID().slice(0, 8)}`;
  const worker = startRoleProcess(
    BARE_WORKER,
    [process.execPath, '--import', 'tsx', 'bench/bare-worker.ts', taskQueue],
    { ...process.env, ...configEnv(config) },
  );
  try {
    await worker.running;
    const counted = countCompletions(async () => {
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
    });
    const stopFootprint = startFootprint(options.footprintSampleMs, [
      { name: BARE_WORKER, pid: worker.child.pid! },
    ]);
    // The same warm-up as the saga gets.
    const result = await closedLoop(
      {
        concurrency: options.concurrency,
        seconds: options.durationSeconds,
        firstIndex: 0,
        warmup: options.concurrency,
      },
      counted.runOne,
      tick,
    );
    const footprint = stopFootprint();
    return {
      ...result,
      workerCpuMsPerWorkflow: cpuMsPer(footprint, BARE_WORKER, counted.completed()),
      temporalCpuMsPerWorkflow: cpuMsPer(footprint, TEMPORAL_PROCESS, counted.completed()),
    };
  } finally {
    await worker.stop();
  }
}
