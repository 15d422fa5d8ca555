import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIdFor, type OrderInput } from '../../contract/order';
import type { orderSaga, OrderSagaInput } from '../../workflows/order-saga';
import { roles, isolatedConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog } from '../support/test-orders';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;

beforeAll(async () => {
  stack = await startStack(await isolatedConfig());
  catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
});
afterAll(() => stack?.stop());

/** Starts the saga directly in Temporal, past the doors and their validation. */
function startDirectly(order: OrderInput, tuning: OrderSagaInput['tuning'] = {}) {
  return stack.client.workflow.start<typeof orderSaga>('orderSaga', {
    workflowId: workflowIdFor(order.orderId),
    taskQueue: stack.config.temporal.taskQueue,
    args: [{ order, causationId: 'started-directly', tuning } satisfies OrderSagaInput],
  });
}

describe('a saga the doors did not check', () => {
  it('with amounts the database cannot store is compensated at once, naming the reason', async () => {
    const order = catalog.order({ items: [{ sku: catalog.sku, quantity: 10_000, unitPrice: 900_000_000 }] });
    const startedAt = Date.now();

    const outcome = await (await startDirectly(order)).result();

    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      failure: { type: 'InvalidOrderData', step: 'reserveInventory' },
      compensations: ['releaseInventory', 'cancelOrder'],
    });
    expect(outcome.reason).toMatch(/^InvalidOrderData: .*out of range/);
    // Retried as an infrastructure error, the first step alone would take about 15 minutes.
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });
});
