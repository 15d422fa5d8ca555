import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { getConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { RUNNING_MESSAGE } from '../src/service';
import { temporalConnectionOptions } from '../src/temporal/connection-options';
import type { BareActivities } from './bare-workflow';

/**
 * The bare workflow's worker, in a process of its own as the service's worker is, so its
 * CPU per workflow is its own: `bare-worker.ts <task queue>`, Temporal from the usual
 * variables. Created with the SDK's defaults, as the service's worker is; SIGTERM stops it
 * (the SDK's runtime shuts its workers down on that signal).
 */
const taskQueue = process.argv[2];
if (!taskQueue) throw new Error('usage: bare-worker.ts <task queue>');
const config = getConfig();
const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
const activities: BareActivities = { noop: async () => undefined };
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./bare-workflow.ts', import.meta.url)),
  activities,
});
const running = worker.run();
createLogger('info').info({ taskQueue }, RUNNING_MESSAGE);
await running;
await connection.close();
