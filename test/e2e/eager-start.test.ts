import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOutcome, startSaga } from '../../src/temporal/saga-client';
import { roles, e2eConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog } from '../support/test-orders';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
});
afterAll(() => stack?.stop());

describe('a saga started in the process that runs the worker', () => {
  it('starts eagerly on the worker connection: its first task goes straight to that worker, and it completes', async () => {
    const { config, context } = stack;
    const onWorkerConnection = new Client({
      connection: context.workerConnection!,
      namespace: config.temporal.namespace,
    });
    const order = catalog.order();
    const started = await startSaga(onWorkerConnection, config, order, 'eager-test', { eager: true });
    expect(started).toMatchObject({ alreadyStarted: false, eager: true });
    expect(await awaitOutcome(stack.client, order.orderId)).toMatchObject({ status: 'COMPLETED' });

    const again = await startSaga(onWorkerConnection, config, order, 'eager-test', { eager: true });
    expect(again).toEqual({ ...started, alreadyStarted: true, eager: false });
  });

  it('starts through the task queue when not asked to, and completes the same', async () => {
    const order = catalog.order();
    const started = await startSaga(stack.client, stack.config, order, 'queued-test');
    expect(started).toMatchObject({ alreadyStarted: false, eager: false });
    expect(await awaitOutcome(stack.client, order.orderId)).toMatchObject({ status: 'COMPLETED' });
  });
});
