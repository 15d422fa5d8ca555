import { randomInt, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../dev/auth/dev-token';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { apiCaller, type ApiCaller } from '../support/api-caller';
import { roles, e2eConfig, startStack, type Stack } from '../support/stack';
import { createTestCatalog } from '../support/test-orders';
import { waitFor } from '../support/wait-for';

/**
 * The saga runs its compensable steps as local activities, back to back in one workflow
 * task, so it sees a cancel signal only after them. These tests hold a step inside its
 * transaction (it holds the order's lock), send the cancel over REST while it is held, and
 * let it go once the door waits for the same lock: the door's fence must stop the saga.
 */
let stack: Stack;
let api: ApiCaller;
let catalog: Awaited<ReturnType<typeof createTestCatalog>>;
const triggers: { name: string; table: string }[] = [];

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  api = apiCaller(await stack.startApi(), await tokenFor(stack.config));
});
afterAll(async () => {
  for (const { name, table } of triggers) {
    await stack?.context.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
    await stack?.context.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
  }
  await stack?.stop();
});

/** A lock the test holds in a transaction of its own until it lets go. */
async function holdLock(key: number): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: stack.config.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_advisory_xact_lock($1)', [key]);
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}

/** Inserting this order's row into `table` waits, inside the step's transaction, for lock `key`. */
async function holdInsertsOf(table: string, orderId: string, key: number): Promise<void> {
  const name = `hold_${table}_${randomUUID().replaceAll('-', '')}`;
  triggers.push({ name, table });
  await stack.context.db.$executeRawUnsafe(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_advisory_xact_lock(${key}); RETURN NEW; END $$`,
  );
  await stack.context.db.$executeRawUnsafe(
    `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW
     WHEN (NEW.order_id = '${orderId}') EXECUTE FUNCTION ${name}()`,
  );
}

/** How many sessions wait for the order's lock (the one every step and every door takes). */
async function waitingForOrderLock(orderId: string): Promise<number> {
  const rows = await stack.context.db.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_locks
    WHERE locktype = 'advisory' AND NOT granted
      AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('saga-order:' || ${orderId}, 0)`;
  return rows[0]?.waiting ?? 0;
}

async function cancelWhileHeld(table: string) {
  const order = catalog.order();
  const key = randomInt(1, 2 ** 31);
  const release = await holdLock(key);
  await holdInsertsOf(table, order.orderId, key);
  expect((await api.post('/orders', order)).status).toBe(202);
  const sessionsOnKey = async () =>
    (
      await stack.context.db.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = ${key}::bigint::oid`
    )[0]?.waiting ?? 0;
  await waitFor(`the step writing ${table} to be held`, async () => (await sessionsOnKey()) > 0 || undefined);
  const cancel = api.post(`/orders/${order.orderId}/cancel`, { reason: 'customer changed their mind' });
  await waitFor(
    'the door to wait for the order lock',
    async () => (await waitingForOrderLock(order.orderId)) > 0 || undefined,
  );
  await release();
  const answer = await cancel;
  expect(answer.status).toBe(202);
  expect(await answer.json()).toMatchObject({ cancel: 'requested' });
  const outcome = await awaitOutcome(stack.client, order.orderId);
  const row = await stack.context.db.order.findUnique({
    where: { id: order.orderId },
    include: { reservations: true, authorization: { include: { entries: true } }, shipment: true },
  });
  return { outcome, row };
}

describe('a cancel through a door while the saga runs its local steps', () => {
  it('accepted while reserveInventory holds the order, stops the saga before authorizePayment: nothing is authorized', async () => {
    const { outcome, row } = await cancelWhileHeld('inventory_reservation');
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: customer changed their mind',
      failure: { type: 'OrderCancelled', step: 'authorizePayment' },
      compensations: ['voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
    });
    expect(row).toMatchObject({ status: 'CANCELLED', authorization: null, shipment: null });
    expect(row?.reservations.map((r) => r.status)).toEqual(['RELEASED']);
  });

  it('accepted while createShipment holds the order, makes completeOrder refuse: nothing is captured and every step is undone', async () => {
    const { outcome, row } = await cancelWhileHeld('shipment');
    expect(outcome).toMatchObject({
      status: 'COMPENSATED',
      reason: 'cancelled: customer changed their mind',
      failure: { type: 'OrderCancelled', step: 'completeOrder' },
      compensations: ['cancelShipment', 'voidOrRefundPayment', 'releaseInventory', 'cancelOrder'],
      cancelRejected: false,
    });
    expect(row).toMatchObject({ status: 'CANCELLED', shipment: { status: 'CANCELLED' } });
    expect(row?.authorization?.status).toBe('VOIDED');
    expect(row?.authorization?.entries.map((entry) => entry.kind).sort()).toEqual(['AUTHORIZATION', 'VOID']);
    expect(row?.reservations.map((r) => r.status)).toEqual(['RELEASED']);
  });
});
