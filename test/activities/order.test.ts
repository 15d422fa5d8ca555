import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, db, setUp, testSku, topics } from './fixture';
import { createCustomer, createProduct, makeOrder, stepInput } from './builders';
import { eventTypesOf, expectRejection, outboxOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

async function orderThroughStep3(creditLimit = 100_000) {
  const customerId = await createCustomer(creditLimit);
  const sku = await createProduct(1_000, 1_999);
  const order = makeOrder({ customerId, items: [{ sku, quantity: 3, unitPrice: 1_999 }] });
  await activities.reserveInventory(stepInput(order));
  await activities.authorizePayment(stepInput(order));
  await activities.createShipment(stepInput(order));
  return order;
}

describe('completeOrder', () => {
  it('captures the payment and confirms the order in one step, announcing both in that order', async () => {
    const order = await orderThroughStep3();

    await expect(
      activities.completeOrder({ orderId: order.orderId, causationId: 'cause-1' }),
    ).resolves.toEqual({
      capturedAmount: 5_997,
    });

    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('CONFIRMED');
    const authorization = await db.paymentAuthorization.findUniqueOrThrow({
      where: { orderId: order.orderId },
    });
    expect(authorization.status).toBe('CAPTURED');
    const events = (await outboxOf(order.orderId)).slice(-2);
    expect(events.map((event) => [event.eventType, event.topic])).toEqual([
      ['payments.payment.captured', topics.payments],
      ['orders.order.confirmed', topics.orders],
    ]);
    expect(events[1]?.payload).toMatchObject({ data: { totalAmount: 5_997, capturedAmount: 5_997 } });
  });

  it('running it twice captures once and emits no second events', async () => {
    const order = await orderThroughStep3();

    await activities.completeOrder({ orderId: order.orderId });
    await expect(activities.completeOrder({ orderId: order.orderId })).resolves.toEqual({
      capturedAmount: 5_997,
    });

    expect(await db.paymentLedgerEntry.count({ where: { orderId: order.orderId, kind: 'CAPTURE' } })).toBe(1);
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'payments.payment.authorized',
      'shipping.shipment.created',
      'payments.payment.captured',
      'orders.order.confirmed',
    ]);
  });

  it('takes the reserved stock out of stock when it confirms the order, and only once', async () => {
    const sku = await createProduct(10);
    const customerId = await createCustomer(100_000);
    const order = makeOrder({ customerId, items: [{ sku, quantity: 4, unitPrice: 100 }] });
    await activities.reserveInventory(stepInput(order));
    await activities.authorizePayment(stepInput(order));
    await activities.createShipment(stepInput(order));
    expect(await db.product.findUniqueOrThrow({ where: { sku } })).toMatchObject({ onHand: 10, reserved: 4 });

    await activities.completeOrder({ orderId: order.orderId });
    await activities.completeOrder({ orderId: order.orderId });

    expect(await db.product.findUniqueOrThrow({ where: { sku } })).toMatchObject({ onHand: 6, reserved: 0 });
    const reservations = await db.inventoryReservation.findMany({ where: { orderId: order.orderId } });
    expect(reservations.map((r) => r.status)).toEqual(['CONSUMED']);
    expect(await activities.releaseInventory({ orderId: order.orderId, reason: 'late' })).toBe(
      'nothing-to-undo',
    );
    expect(await db.product.findUniqueOrThrow({ where: { sku } })).toMatchObject({ onHand: 6, reserved: 0 });
  });

  it('fails without retries and changes nothing when the payment is not authorized', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    await expectRejection(activities.completeOrder({ orderId: order.orderId }), 'PaymentNotAuthorized');

    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('PENDING');
  });
});

describe('cancelOrder', () => {
  it('cancels a pending order once and appends orders.order.cancelled', async () => {
    const order = makeOrder();
    await activities.reserveInventory(stepInput(order));

    const ref = { orderId: order.orderId, causationId: 'cause-cancel', reason: 'out of stock', order };
    await expect(activities.cancelOrder(ref)).resolves.toBe('undone');
    await expect(activities.cancelOrder(ref)).resolves.toBe('nothing-to-undo');

    const saved = await db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(saved).toMatchObject({ status: 'CANCELLED', cancelReason: 'out of stock' });
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved', 'orders.order.cancelled']);
  });

  it('records the order as cancelled when step 1 never ran, and emits the cancellation once', async () => {
    const order = makeOrder({ items: [{ sku: 'unknown-sku', quantity: 1, unitPrice: 100 }] });
    const ref = { orderId: order.orderId, reason: 'unknown sku', order };

    await activities.cancelOrder(ref);
    await activities.cancelOrder(ref);

    const saved = await db.order.findUniqueOrThrow({
      where: { id: order.orderId },
      include: { items: true },
    });
    expect(saved).toMatchObject({ status: 'CANCELLED', cancelReason: 'unknown sku', totalAmount: 100 });
    expect(saved.items.map((item) => item.sku)).toEqual(['unknown-sku']);
    const events = await outboxOf(order.orderId);
    expect(events.map((event) => event.eventType)).toEqual(['orders.order.cancelled']);
    expect(events[0]?.payload).toMatchObject({ data: { reason: 'unknown sku' } });
  });

  it('leaves a confirmed order confirmed', async () => {
    const order = await orderThroughStep3();
    await activities.completeOrder({ orderId: order.orderId });

    await expect(activities.cancelOrder({ orderId: order.orderId, reason: 'late', order })).resolves.toBe(
      'nothing-to-undo',
    );

    expect((await db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe('CONFIRMED');
  });

  it('ends for an order the database cannot store, announcing the cancellation instead of failing', async () => {
    const order = makeOrder({ items: [{ sku: testSku, quantity: 10_000, unitPrice: 900_000_000 }] });
    const ref = { orderId: order.orderId, reason: 'InvalidOrderData: out of range', order };

    await expect(activities.cancelOrder(ref)).resolves.toBe('undone');

    expect(await db.order.count({ where: { id: order.orderId } })).toBe(0);
    const events = await outboxOf(order.orderId);
    expect(events.map((event) => event.eventType)).toEqual(['orders.order.cancelled']);
    expect(events[0]?.payload).toMatchObject({ data: { reason: ref.reason } });
  });
});
