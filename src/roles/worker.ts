import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { RoleContext, StopFunction } from './role';
import { activityTracing, workflowTracing } from '../tracing/temporal-tracing';
import { warnAboutUnsellableCatalog } from './catalog-check';
import { stepTimer } from './step-timer';
import { temporalConnectionOptions } from '../temporal/connection-options';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Runs the saga workflows and their activities until the returned function stops it. */
export async function startWorkerRole({
  config,
  db,
  log,
  metrics,
  outbox,
  spans,
  workerConnection,
}: RoleContext): Promise<StopFunction> {
  const connection =
    workerConnection ?? (await NativeConnection.connect(temporalConnectionOptions(config.temporal)));
  const tracing = workflowTracing(spans);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: createActivities({ db, topics: config.kafka.topics, wakeUp: outbox }),
    interceptors: {
      activity: [stepTimer(metrics), activityTracing],
      workflowModules: tracing.workflowModules,
    },
    sinks: tracing.sinks,
  });
  await warnAboutUnsellableCatalog(db, log);
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    if (!workerConnection) await connection.close();
  };
}
