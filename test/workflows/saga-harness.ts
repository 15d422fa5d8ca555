import { afterAll, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { getConfig } from '../../src/config';
import { workflowIdFor, type OrderInput } from '../../contract/order';
import type { orderSaga } from '../../workflows';
import type { SagaOutcome, SagaState } from '../../contract/saga';
import { ORDER_DIGEST_MEMO } from '../../src/temporal/saga-client';
import type { SagaTuning } from '../../workflows/tuning';
import { sampleOrder } from '../../dev/sample-data';
import { waitFor } from '../support/wait-for';
import { ScriptedActivities, type OrderScript } from './scripted-activities';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Millisecond timings so every path, stuck compensations included, runs in about a second. */
export const FAST_TUNING: Partial<SagaTuning> = {
  activityTimeoutMs: 10_000,
  stepInitialIntervalMs: 10,
  stepMaximumIntervalMs: 50,
  stepMaximumAttempts: 3,
  compensationAttemptsPerRound: 3,
  compensationInitialIntervalMs: 10,
  compensationMaximumIntervalMs: 50,
  stuckInitialBackoffMs: 200,
  stuckMaximumBackoffMs: 1_000,
  stuckBackoffCoefficient: 2,
};

export type SagaHandle = WorkflowHandleWithFirstExecutionRunId<typeof orderSaga>;

export interface SagaEnv {
  client: Client;
  taskQueue: string;
  fakes: ScriptedActivities;
  stop(): Promise<void>;
}

/** A real worker on the dev server, on a task queue of its own, serving scripted activities. */
/** The saga environment of one test file: started before its tests, stopped after them. */
export function useSagaEnv(name: string): { readonly env: SagaEnv } {
  const holder: { env?: SagaEnv } = {};
  beforeAll(async () => {
    holder.env = await startSagaEnv(name);
  });
  afterAll(() => holder.env?.stop());
  return holder as { readonly env: SagaEnv };
}

export async function startSagaEnv(name: string): Promise<SagaEnv> {
  const config = getConfig();
  const taskQueue = `${name}-${randomUUID()}`;
  const fakes = new ScriptedActivities();
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath,
    activities: fakes.activities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return {
    client,
    taskQueue,
    fakes,
    async stop() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
    },
  };
}

export function testOrder(orderId: string): OrderInput {
  return sampleOrder({
    orderId,
    customerId: 'customer-7',
    items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 1250 }],
  });
}

export function waitForStatus(handle: SagaHandle, accept: (state: SagaState) => boolean): Promise<SagaState> {
  return waitFor('saga status', async () => {
    const state = await handle.query<SagaState>('status');
    return accept(state) ? state : undefined;
  });
}

/** The history of each run of a saga, first to last, following continue-as-new. */
export async function runHistories(handle: SagaHandle): Promise<temporal.api.history.v1.IHistory[]> {
  const histories: temporal.api.history.v1.IHistory[] = [];
  let runId: string | null | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}

export interface PathRun {
  client: Client;
  handle: SagaHandle;
  script: OrderScript;
  /** Whatever the path's driver saw while the saga ran, for the test to assert on. */
  observed: Record<string, unknown>;
}

export interface SagaPath {
  name: string;
  tuning?: Partial<SagaTuning>;
  /** How long a workflow task may run; see runPath. */
  workflowTaskTimeout?: string;
  /** Sets the script up; may return what to do while the saga runs (signals, releasing gates). */
  setup(script: OrderScript, orderId: string): ((run: PathRun) => Promise<void>) | void;
}

export async function runPath(env: SagaEnv, path: SagaPath): Promise<PathRun & { outcome: SagaOutcome }> {
  const orderId = `${path.name}-${randomUUID().slice(0, 8)}`;
  const script = env.fakes.script(orderId);
  const drive = path.setup(script, orderId);
  const handle: SagaHandle = await env.client.workflow.start<typeof orderSaga>('orderSaga', {
    taskQueue: env.taskQueue,
    workflowId: workflowIdFor(orderId),
    // Local activities hold the workflow task open; the worker reports it still alive at 80%
    // of this timeout, and only then does a signal sent meanwhile reach the saga. A short
    // timeout lets the paths that signal a saga while a step is held run in seconds.
    workflowTaskTimeout: path.workflowTaskTimeout ?? '1s',
    memo: { [ORDER_DIGEST_MEMO]: `digest-of-${orderId}` },
    args: [
      {
        order: testOrder(orderId),
        causationId: `test-${path.name}`,
        tuning: { ...FAST_TUNING, ...path.tuning },
      },
    ],
  });
  const run: PathRun = { client: env.client, handle, script, observed: {} };
  if (drive) await drive(run);
  return { ...run, outcome: await handle.result() };
}
