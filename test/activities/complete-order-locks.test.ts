import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';
import { blockedBy, holdRowLock } from '../support/row-lock';
import { createCustomer, makeOrder, stepInput, uniqueId } from './builders';
import { db, setUp, topics } from './fixture';

const config = getConfig();

/**
 * Planner settings under which completeOrder's stock update is a hash join that scans
 * product sequentially, meeting product rows in their physical order: a plan PostgreSQL
 * may choose by itself for a large order or table.
 */
function withHashJoins(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', '-c enable_nestloop=off -c enable_mergejoin=off');
  return url.toString();
}

const hashJoinDb = createDatabase(withHashJoins(config.databaseUrl), { max: 2 });
const hashJoinActivities = createActivities({ db: hashJoinDb, topics });

beforeAll(setUp);
afterAll(async () => {
  await hashJoinDb.$disconnect();
  await db.$disconnect();
});

/** Whether another transaction could lock the product now, without waiting. */
async function lockableNow(sku: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT sku FROM product WHERE sku = $1 FOR UPDATE NOWAIT', [sku]);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

describe('completeOrder and the product locks', () => {
  it('takes the products it consumes in sku order, whatever order the plan meets them in', async () => {
    const prefix = uniqueId('test-sku');
    const [first, second] = [`${prefix}-a`, `${prefix}-b`];
    await db.$executeRaw`
      INSERT INTO product (sku, name, on_hand, price, currency)
      VALUES (${second}, 'Test product', 10, 100, 'EUR'), (${first}, 'Test product', 10, 100, 'EUR')`;
    const customerId = await createCustomer(100_000);
    const order = makeOrder({
      customerId,
      items: [
        { sku: first, quantity: 1, unitPrice: 100 },
        { sku: second, quantity: 1, unitPrice: 100 },
      ],
    });
    await hashJoinActivities.reserveInventory(stepInput(order));
    await hashJoinActivities.authorizePayment(stepInput(order));
    await hashJoinActivities.createShipment(stepInput(order));
    // The reservation updated both rows in sku order; new versions in the opposite order put
    // the second sku physically first, where a sequential scan meets it first.
    await db.$transaction([
      db.$executeRaw`UPDATE product SET name = name WHERE sku = ${second}`,
      db.$executeRaw`UPDATE product SET name = name WHERE sku = ${first}`,
    ]);

    // A reservation of both skus holds the first and is about to take the second.
    const reservation = await holdRowLock(
      config.databaseUrl,
      'SELECT sku FROM product WHERE sku = $1 FOR UPDATE',
      [first],
    );
    let completing: Promise<unknown> | undefined;
    try {
      completing = hashJoinActivities.completeOrder({ orderId: order.orderId });
      completing.catch(() => undefined);
      await blockedBy(db, reservation.pid, 'completeOrder to wait for the first sku');

      // Holding the second sku while it waits for the first would deadlock with the reservation.
      expect(await lockableNow(second)).toBe(true);
    } finally {
      await reservation.release();
    }
    await expect(completing).resolves.toEqual({ capturedAmount: 200 });
    const stock = await db.product.findMany({
      where: { sku: { in: [first, second] } },
      orderBy: { sku: 'asc' },
    });
    expect(stock.map((p) => [p.sku, p.onHand, p.reserved])).toEqual([
      [first, 9, 0],
      [second, 9, 0],
    ]);
  });
});
