import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Config } from '../config';
import type { Database } from '../db/prisma';
import type { Logger } from '../logger';
import type { StopFunction } from './role';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Runs the saga workflows and their activities until the returned function stops it. */
export async function startWorker(config: Config, db: Database, log: Logger): Promise<StopFunction> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities: createActivities({ db, topics: config.kafka.topics }),
  });
  const running = worker.run();
  log.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
  return async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
}
