import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIdFor, type OrderInput } from '../../contract/order';
import type { SagaOutcome } from '../../contract/saga';
import type { Lineage } from '../../src/operator/lineage/lineage';
import type { orderSaga, OrderSagaInput } from '../../workflows/order-saga';
import { jsonOf, runSaga } from '../support/saga-cli';
import type { Stack } from '../support/stack';
import type { createTestCatalog } from '../support/test-orders';
import { startWorkerStack } from '../support/worker-stack';
import { waitFor } from '../support/wait-for';

let stack: Stack;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
const trigger = `fail_release_${randomUUID().replaceAll('-', '')}`;

beforeAll(async () => {
  ({ stack, catalog } = await startWorkerStack());
});
afterAll(async () => {
  await stack?.context.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON inventory_reservation`);
  await stack?.context.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
  await stack?.stop();
});

/** Releasing this order's reservation fails in PostgreSQL until the trigger is dropped. */
async function breakRelease(orderId: string) {
  await stack.context.db.$executeRawUnsafe(
    `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'disk of the stock service is full'; END $$`,
  );
  await stack.context.db.$executeRawUnsafe(
    `CREATE TRIGGER ${trigger} BEFORE UPDATE ON inventory_reservation FOR EACH ROW
     WHEN (OLD.order_id = '${orderId}') EXECUTE FUNCTION ${trigger}()`,
  );
}

/** A declined order whose compensation keeps failing: two quick attempts per round, then a long wait. */
function startDeclined(order: OrderInput) {
  const tuning = {
    compensationAttemptsPerRound: 2,
    compensationInitialIntervalMs: 100,
    compensationMaximumIntervalMs: 200,
    stuckInitialBackoffMs: 600_000,
    // Resumed, it continues as a new run: the lineage then has two runs to show.
    continueAsNewAfterEvents: 1,
  };
  return stack.client.workflow.start<typeof orderSaga>('orderSaga', {
    workflowId: workflowIdFor(order.orderId),
    taskQueue: stack.config.temporal.taskQueue,
    args: [{ order, causationId: 'stuck-test', tuning } satisfies OrderSagaInput],
  });
}

interface Listed {
  orderId: string;
  status: string;
  failingStep?: string;
  error?: string;
  rounds?: number;
}

describe('saga stuck', { timeout: 180_000 }, () => {
  it('lists a saga whose compensation keeps failing with the step, error and rounds, and resume finishes it once fixed, in a second run the lineage shows', async () => {
    const order = catalog.order({ customerId: catalog.broke });
    await breakRelease(order.orderId);
    const handle = await startDeclined(order);
    await waitFor(
      'the saga to be stuck',
      async () =>
        (await handle.describe()).typedSearchAttributes.get({ name: 'SagaStatus', type: 'KEYWORD' }) ===
        'COMPENSATION_STUCK',
      60_000,
    );

    const listed = await runSaga(stack.config, ['stuck', 'list', '--json']);

    expect(listed.code).toBe(0);
    const mine = jsonOf<Listed[]>(listed).find((saga) => saga.orderId === order.orderId);
    expect(mine).toMatchObject({ status: 'COMPENSATION_STUCK', failingStep: 'releaseInventory' });
    expect(mine?.error).toContain('disk of the stock service is full');
    expect(mine?.rounds).toBeGreaterThanOrEqual(1);
    const table = await runSaga(stack.config, ['stuck', 'list']);
    expect(table.stdout).toContain(order.orderId);
    expect(table.stdout).toContain('saga stuck resume');

    await stack.context.db.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON inventory_reservation`);
    const resumed = await runSaga(stack.config, ['stuck', 'resume', order.orderId]);

    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resumed');
    const outcome: SagaOutcome = await handle.result();
    expect(outcome.status).toBe('COMPENSATED');
    const reservations = await stack.context.db.inventoryReservation.findMany({
      where: { orderId: order.orderId },
    });
    expect(reservations.map((r) => r.status)).toEqual(['RELEASED']);
    const lineage = jsonOf<Lineage>(await runSaga(stack.config, ['lineage', order.orderId, '--json']));
    expect(lineage.runs.map((run) => run.execution)).toEqual(['CONTINUED_AS_NEW', 'COMPLETED']);
    const outcomes = lineage.runs.map((run) => run.activities.map((a) => `${a.activity} ${a.outcome}`));
    expect(outcomes[0]).toEqual(expect.arrayContaining(['releaseInventory failed']));
    expect(outcomes[1]).toEqual(['releaseInventory completed', 'cancelOrder completed']);
  });

  it('refuses to resume a saga that is not stuck, and exits 1 saying so', async () => {
    const run = await runSaga(stack.config, ['stuck', 'resume', `never-placed-${randomUUID()}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no saga for this order');
  });

  it('exits 3 naming Temporal when it cannot reach it', async () => {
    const unreachable = { ...stack.config, temporal: { ...stack.config.temporal, address: '127.0.0.1:1' } };
    const run = await runSaga(unreachable, ['stuck', 'list']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Temporal at 127.0.0.1:1 is unreachable');
  });
});
