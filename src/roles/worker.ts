import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { OrderSagaActivities } from '../../activities/types';
import type { RoleContext, StopFunction } from './role';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Wakes the relays after every activity, once its transaction (and outbox rows) committed. */
function notifyAfterEach(activities: OrderSagaActivities, notify: () => void): OrderSagaActivities {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]: [string, (...args: unknown[]) => Promise<unknown>]) => [
      name,
      (...args: unknown[]) => activity(...args).finally(notify),
    ]),
  ) as unknown as OrderSagaActivities;
}

/** Runs the saga workflows and their activities until the returned function stops it. */
export async function startWorker({ config, db, log, outbox }: RoleContext): Promise<StopFunction> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: notifyAfterEach(createActivities({ db, topics: config.kafka.topics }), () =>
      outbox.committed(),
    ),
  });
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  };
}
