import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_REJECTIONS } from '../../contract/errors';
import { activities, db, setUp, topics } from './fixture';
import { createProduct, makeOrder, stepInput } from './builders';
import { eventTypesOf, expectRejection, outboxOf, stockOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

describe('reserveInventory', () => {
  it('records the pending order and its items, reserves stock and appends one inventory.stock.reserved event', async () => {
    const [a, b] = [await createProduct(10, 250), await createProduct(3)];
    const order = makeOrder({
      items: [
        { sku: a, quantity: 4, unitPrice: 250 },
        { sku: b, quantity: 3, unitPrice: 100 },
      ],
    });

    await expect(activities.reserveInventory(stepInput(order))).resolves.toEqual({ reservedItems: 2 });

    const saved = await db.order.findUniqueOrThrow({
      where: { id: order.orderId },
      include: { items: true },
    });
    expect(saved).toMatchObject({ status: 'PENDING', totalAmount: 1300, customerId: 'cust-alice' });
    expect(saved.items).toHaveLength(2);
    expect(await stockOf(a)).toEqual({ onHand: 10, reserved: 4 });
    expect(await stockOf(b)).toEqual({ onHand: 3, reserved: 3 });
    const reservations = await db.inventoryReservation.findMany({ where: { orderId: order.orderId } });
    expect(reservations.map((r) => [r.sku, r.quantity, r.status]).sort()).toEqual(
      [
        [a, 4, 'RESERVED'],
        [b, 3, 'RESERVED'],
      ].sort(),
    );
    const [event] = await outboxOf(order.orderId);
    expect(event).toMatchObject({ eventType: 'inventory.stock.reserved', topic: topics.inventory });
    expect(event?.payload).toMatchObject({
      type: 'inventory.stock.reserved',
      causationid: `cause-${order.orderId}`,
    });
  });

  it('running it twice reserves once and emits no second event', async () => {
    const sku = await createProduct(10);
    const order = makeOrder({ items: [{ sku, quantity: 2, unitPrice: 100 }] });

    await activities.reserveInventory(stepInput(order));
    await expect(activities.reserveInventory(stepInput(order))).resolves.toEqual({ reservedItems: 1 });

    expect(await stockOf(sku)).toEqual({ onHand: 10, reserved: 2 });
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });

  it('rejects an order it cannot fill as non-retryable OutOfStock and leaves no rows and no stock change', async () => {
    const [plenty, scarce] = [await createProduct(10), await createProduct(1)];
    const order = makeOrder({
      items: [
        { sku: plenty, quantity: 1, unitPrice: 100 },
        { sku: scarce, quantity: 2, unitPrice: 100 },
      ],
    });

    const failure = await expectRejection(
      activities.reserveInventory(stepInput(order)),
      BUSINESS_REJECTIONS.OUT_OF_STOCK,
    );

    expect(failure.message).toContain(scarce);
    expect(await stockOf(plenty)).toEqual({ onHand: 10, reserved: 0 });
    expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
    expect(await db.inventoryReservation.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await outboxOf(order.orderId)).toEqual([]);
  });

  it('rejects an unknown sku as non-retryable UnknownSku and leaves no rows', async () => {
    const order = makeOrder({ items: [{ sku: 'no-such-sku', quantity: 1, unitPrice: 100 }] });

    await expectRejection(activities.reserveInventory(stepInput(order)), BUSINESS_REJECTIONS.UNKNOWN_SKU);

    expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
    expect(await outboxOf(order.orderId)).toEqual([]);
  });

  it('never oversells: of 20 concurrent orders for a sku with 5 in stock exactly 5 succeed', async () => {
    const sku = await createProduct(5);
    const orders = Array.from({ length: 20 }, () =>
      makeOrder({ items: [{ sku, quantity: 1, unitPrice: 100 }] }),
    );

    const results = await Promise.allSettled(
      orders.map((order) => activities.reserveInventory(stepInput(order))),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as { type?: string }).type)).toEqual(
      Array.from({ length: 15 }, () => BUSINESS_REJECTIONS.OUT_OF_STOCK),
    );
    expect(await stockOf(sku)).toEqual({ onHand: 5, reserved: 5 });
    expect(await db.inventoryReservation.count({ where: { sku } })).toBe(5);
  });

  it('refuses to reserve for an order that was already cancelled', async () => {
    const sku = await createProduct(5);
    const order = makeOrder({ items: [{ sku, quantity: 1, unitPrice: 100 }] });
    await activities.cancelOrder({ orderId: order.orderId, reason: 'customer cancelled', order });

    await expectRejection(activities.reserveInventory(stepInput(order)), 'OrderCancelled');

    expect(await stockOf(sku)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('refuses an amount the database cannot store as non-retryable InvalidOrderData and leaves no rows', async () => {
    // No door accepts this total; the activity gets it as a saga started directly would pass it.
    const sku = await createProduct(10_000);
    const order = makeOrder({ items: [{ sku, quantity: 10_000, unitPrice: 900_000_000 }] });

    const failure = await expectRejection(activities.reserveInventory(stepInput(order)), 'InvalidOrderData');

    expect(failure.message).toMatch(/out of range.*SQLSTATE 22003/);
    expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
    expect(await stockOf(sku)).toEqual({ onHand: 10_000, reserved: 0 });
    expect(await outboxOf(order.orderId)).toEqual([]);
  });
});

describe('releaseInventory', () => {
  it('returns the reserved stock and appends one inventory.stock.released event', async () => {
    const sku = await createProduct(5);
    const order = makeOrder({ items: [{ sku, quantity: 3, unitPrice: 100 }] });
    await activities.reserveInventory(stepInput(order));

    const ref = { orderId: order.orderId, causationId: 'cause-release', reason: 'payment declined' };
    await expect(activities.releaseInventory(ref)).resolves.toBe('undone');
    await expect(activities.releaseInventory(ref)).resolves.toBe('nothing-to-undo');

    expect(await stockOf(sku)).toEqual({ onHand: 5, reserved: 0 });
    const reservation = await db.inventoryReservation.findFirstOrThrow({ where: { orderId: order.orderId } });
    expect(reservation.status).toBe('RELEASED');
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'inventory.stock.released',
    ]);
    const released = (await outboxOf(order.orderId))[1];
    expect(released?.payload).toMatchObject({
      causationid: 'cause-release',
      data: { reason: 'payment declined' },
    });
  });

  it('succeeds with nothing-to-undo when inventory was never reserved', async () => {
    const orderId = makeOrder().orderId;

    await expect(activities.releaseInventory({ orderId, reason: 'timeout' })).resolves.toBe(
      'nothing-to-undo',
    );

    expect(await outboxOf(orderId)).toEqual([]);
  });
});
