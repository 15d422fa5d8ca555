import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIdFor, type OrderInput } from '../../contract/order';
import type { orderSaga, OrderSagaInput } from '../../workflows/order-saga';
import { holdRowLock, statementsWaitingFor, waitersOf } from '../support/row-lock';
import { roles, e2eConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog } from '../support/test-orders';
import { readTopics } from '../support/topic-reader';
import { waitFor } from '../support/wait-for';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
let events: Awaited<ReturnType<typeof readTopics>>;

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  const { orders, payments } = stack.config.kafka.topics;
  events = await readTopics([orders, payments]);
});
afterAll(async () => {
  await events?.stop();
  await stack?.stop();
});

/** Starts the saga directly in Temporal, past the doors and their validation. */
function startDirectly(order: OrderInput, tuning: OrderSagaInput['tuning'] = {}) {
  return stack.client.workflow.start<typeof orderSaga>('orderSaga', {
    workflowId: workflowIdFor(order.orderId),
    taskQueue: stack.config.temporal.taskQueue,
    args: [{ order, causationId: 'started-directly', tuning } satisfies OrderSagaInput],
  });
}

/** One attempt per step, each with 2 s: a step held up longer fails and the saga compensates. */
const ONE_SHORT_ATTEMPT = { activityTimeoutMs: 2_000, stepMaximumAttempts: 1 };

/**
 * Runs a saga whose authorizePayment cannot get its customer's row, locked by the test
 * until the saga has ended; returns the outcome, the order and who still waited for the
 * lock when the saga ended.
 */
async function sagaWithPaymentHeldUp() {
  const customerId = `held-${randomUUID()}`;
  await stack.context.db.customer.create({
    data: { id: customerId, name: 'Held up', creditLimit: 1_000_000 },
  });
  const order = catalog.order({ customerId });
  const held = await holdRowLock(
    stack.config.databaseUrl,
    'SELECT 1 FROM customer WHERE id = $1 FOR UPDATE',
    [customerId],
  );
  const handle = await startDirectly(order, ONE_SHORT_ATTEMPT);
  try {
    // Bounded: a compensation stuck behind the held-up attempt would wait for the test forever.
    await waitFor(
      'the saga to end while its step is held up',
      async () => (await handle.describe()).status.name !== 'RUNNING',
      20_000,
    );
    return {
      order,
      outcome: await handle.result(),
      waitingAtTheEnd: await waitersOf(stack.context.db, held.pid),
    };
  } finally {
    await held.release();
    await handle.terminate('test over').catch(() => undefined);
  }
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

describe('a step attempt held up past its activity timeout', () => {
  it('is ended by its own transaction deadline before the activity times out', async () => {
    const { outcome } = await sagaWithPaymentHeldUp();

    expect(outcome.status).toBe('COMPENSATED');
    expect(outcome.failure?.step).toBe('authorizePayment');
    expect(outcome.failure?.type).not.toBe('Timeout');
    expect(outcome.failure?.message).toContain('statement timeout');
  });

  it('leaves nothing reserved, authorized or shipped, and publishes no authorization', async () => {
    const { order, outcome, waitingAtTheEnd } = await sagaWithPaymentHeldUp();
    const { orderId } = order;

    expect(outcome.status).toBe('COMPENSATED');
    // Nobody still waits to commit for the order once the lock is gone.
    expect(waitingAtTheEnd).toEqual([]);
    const row = await stack.context.db.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { reservations: true, authorization: true, shipment: true },
    });
    expect(row).toMatchObject({ status: 'CANCELLED', authorization: null, shipment: null });
    expect(row.reservations.map((reservation) => reservation.status)).toEqual(['RELEASED']);

    await events.until('the cancellation on Kafka', (all) =>
      all.some((m) => m.key === orderId && m.headers.ce_type === 'orders.order.cancelled'),
    );
    const published = (await events.caughtUp()).filter((m) => m.key === orderId);
    expect(published.map((m) => m.headers.ce_type)).toEqual(['orders.order.cancelled']);
  });
});

describe("a step waiting for its order's lock", () => {
  it('gives up at its lock timeout, before its attempt times out, and the saga compensates', async () => {
    const order = catalog.order();
    // What a door recording a cancel, or a stalled attempt of another step, would hold.
    const held = await holdRowLock(
      stack.config.databaseUrl,
      "SELECT pg_advisory_xact_lock(hashtextextended('saga-order:' || $1, 0))",
      [order.orderId],
    );
    const handle = await startDirectly(order, ONE_SHORT_ATTEMPT);
    try {
      const [firstWait] = await waitFor('the first step to wait for the order', async () => {
        const waiting = await statementsWaitingFor(stack.context.db, held.pid);
        return waiting.length > 0 && waiting;
      });
      // Unbounded, the wait would outlive the attempt and this would time out.
      await waitFor(
        'the first step to stop waiting',
        async () => !(await statementsWaitingFor(stack.context.db, held.pid)).includes(firstWait!),
        10_000,
      );
    } finally {
      await held.release();
    }
    const outcome = await handle.result();

    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      failure: { step: 'reserveInventory' },
      compensations: ['releaseInventory', 'cancelOrder'],
    });
    expect(outcome.failure?.type).not.toBe('Timeout');
    expect(outcome.failure?.message).toContain('lock timeout');
  });
});
