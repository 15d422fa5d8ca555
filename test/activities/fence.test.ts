import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAGA_STATE_ERRORS } from '../../contract/errors';
import { getConfig } from '../../src/config';
import { blockedBy, holdRowLock } from '../support/row-lock';
import { activities, db, setUp } from './fixture';
import { createCustomer, createProduct, makeOrder, stepInput } from './builders';
import { eventTypesOf, expectRejection, stockOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

const { databaseUrl } = getConfig();
const reason = 'the step timed out';

/**
 * Runs `forward` while the test holds a row lock it needs, so the attempt waits inside its
 * transaction holding the order's lock; starts `compensation` meanwhile and checks that it
 * waits for that attempt; then lets both finish.
 */
async function compensateWhileBlocked<F, C>(
  lock: { sql: string; params: unknown[] },
  forward: () => Promise<F>,
  compensation: () => Promise<C>,
): Promise<{ forward: F; compensation: C }> {
  const held = await holdRowLock(databaseUrl, lock.sql, lock.params);
  try {
    const stepping = forward();
    const stepPid = await blockedBy(db, held.pid, 'the step to wait for the test lock');
    const compensating = compensation();
    await blockedBy(db, stepPid, 'the compensation to wait for the step');
    await held.release();
    return { forward: await stepping, compensation: await compensating };
  } finally {
    await held.release().catch(() => undefined);
  }
}

describe('a compensation racing an attempt of its step', () => {
  it('waits for a reservation in progress and then releases what it reserved', async () => {
    const sku = await createProduct(10);
    const order = makeOrder({ items: [{ sku, quantity: 4, unitPrice: 100 }] });

    const outcome = await compensateWhileBlocked(
      { sql: 'SELECT 1 FROM product WHERE sku = $1 FOR UPDATE', params: [sku] },
      () => activities.reserveInventory(stepInput(order)),
      () => activities.releaseInventory({ orderId: order.orderId, reason }),
    );

    expect(outcome).toEqual({ forward: { reservedItems: 1 }, compensation: 'undone' });
    expect(await stockOf(sku)).toEqual({ onHand: 10, reserved: 0 });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).toMatchObject({
      status: 'CANCELLING',
    });
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'inventory.stock.released',
    ]);
  });

  it('waits for an authorization in progress and then voids it', async () => {
    const customerId = await createCustomer(10_000);
    const order = makeOrder({ customerId });
    await activities.reserveInventory(stepInput(order));

    const outcome = await compensateWhileBlocked(
      { sql: 'SELECT 1 FROM customer WHERE id = $1 FOR UPDATE', params: [customerId] },
      () => activities.authorizePayment(stepInput(order)),
      () => activities.voidOrRefundPayment({ orderId: order.orderId, reason }),
    );

    expect(outcome.compensation).toBe('undone');
    expect(
      await db.paymentAuthorization.findUniqueOrThrow({ where: { orderId: order.orderId } }),
    ).toMatchObject({ status: 'VOIDED' });
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'payments.payment.authorized',
      'payments.payment.voided',
    ]);
  });

  it('waits for a shipment in progress and then cancels it', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    const outcome = await compensateWhileBlocked(
      { sql: 'SELECT 1 FROM "order" WHERE id = $1 FOR UPDATE', params: [order.orderId] },
      () => activities.createShipment(stepInput(order)),
      () => activities.cancelShipment({ orderId: order.orderId, reason }),
    );

    expect(outcome.compensation).toBe('undone');
    expect(await db.shipment.findUniqueOrThrow({ where: { orderId: order.orderId } })).toMatchObject({
      status: 'CANCELLED',
    });
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'shipping.shipment.created',
      'shipping.shipment.cancelled',
    ]);
  });
});

describe('an attempt of a step that starts after its compensation', () => {
  it('reserves nothing, records no order and emits nothing, even when the order was never recorded', async () => {
    const sku = await createProduct(10);
    const order = makeOrder({ items: [{ sku, quantity: 4, unitPrice: 100 }] });
    await activities.releaseInventory({ orderId: order.orderId, reason });

    const refused = await expectRejection(
      activities.reserveInventory(stepInput(order)),
      SAGA_STATE_ERRORS.ORDER_CANCELLED,
    );

    expect(refused.message).toContain(reason);
    expect(await stockOf(sku)).toEqual({ onHand: 10, reserved: 0 });
    expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual([]);
  });

  it('authorizes nothing and emits nothing', async () => {
    const customerId = await createCustomer(10_000);
    const order = makeOrder({ customerId });
    await activities.reserveInventory(stepInput(order));
    await activities.voidOrRefundPayment({ orderId: order.orderId, reason });

    await expectRejection(activities.authorizePayment(stepInput(order)), SAGA_STATE_ERRORS.ORDER_CANCELLED);

    expect(await db.paymentAuthorization.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });

  it('ships nothing and emits nothing', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));
    await activities.cancelShipment({ orderId: order.orderId, reason });

    await expectRejection(activities.createShipment(stepInput(order)), SAGA_STATE_ERRORS.ORDER_CANCELLED);

    expect(await db.shipment.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });
});
