import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { OrderSagaActivities } from '../../activities/types';
import type { Metrics } from '../metrics';
import type { RoleContext, StopFunction } from './role';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

type Activity = (...args: unknown[]) => Promise<unknown>;

function outcomeOf(error: unknown): 'rejected' | 'error' {
  return error instanceof ApplicationFailure && error.nonRetryable ? 'rejected' : 'error';
}

/**
 * Times every activity attempt, and wakes the relays once the attempt is over (its
 * transaction, with its outbox rows, has committed or rolled back).
 */
function instrument(
  activities: OrderSagaActivities,
  metrics: Metrics,
  notify: () => void,
): OrderSagaActivities {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]: [string, Activity]) => [
      name,
      async (...args: unknown[]) => {
        const timer = metrics.stepSeconds.startTimer({ activity: name });
        try {
          const result = await activity(...args);
          timer({ outcome: 'ok' });
          return result;
        } catch (error) {
          timer({ outcome: outcomeOf(error) });
          throw error;
        } finally {
          notify();
        }
      },
    ]),
  ) as unknown as OrderSagaActivities;
}

/** Runs the saga workflows and their activities until the returned function stops it. */
export async function startWorker({ config, db, log, metrics, outbox }: RoleContext): Promise<StopFunction> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const activities = createActivities({ db, topics: config.kafka.topics });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: instrument(activities, metrics, () => outbox.committed()),
  });
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  };
}
