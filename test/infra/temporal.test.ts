import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { SEARCH_ATTRIBUTE_NAMES } from '../../contract/saga';
import type { greetingWorkflow } from '../fixtures/greeting-workflow';

const config = getConfig();

describe('Temporal', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace });
  });
  afterAll(() => connection.close());

  it('runs a workflow and its activity on a real worker against the dev server', async () => {
    const taskQueue = `infra-test-${randomUUID()}`;
    const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../fixtures/greeting-workflow.ts', import.meta.url)),
      activities: { greet: async (name: string) => `hello, ${name}` },
    });
    const workflowId = `infra-test-${randomUUID()}`;

    const result = await worker.runUntil(
      client.workflow.execute<typeof greetingWorkflow>('greetingWorkflow', {
        taskQueue,
        workflowId,
        args: ['saga'],
      }),
    );
    await workerConnection.close();

    expect(result).toEqual({ greeting: 'hello, saga', workflowId });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events?.some((event) => event.activityTaskCompletedEventAttributes)).toBe(true);
  });

  it('has the custom search attributes the saga uses registered as keywords', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: config.temporal.namespace,
    });
    for (const name of SEARCH_ATTRIBUTE_NAMES) expect(customAttributes?.[name]).toBe(2); // KEYWORD
  });
});
