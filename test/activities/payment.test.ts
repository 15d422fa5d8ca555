import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_REJECTIONS } from '../../contract/errors';
import type { OrderInput } from '../../contract/order';
import { activities, db, setUp, topics } from './fixture';
import { createCustomer, createProduct, makeOrder, stepInput } from './builders';
import { eventTypesOf, expectRejection, outboxOf } from './reads';

beforeAll(setUp);
afterAll(() => db.$disconnect());

/** An order that went through step 1, as the workflow runs them. */
async function reservedOrder(customerId: string, unitPrice: number): Promise<OrderInput> {
  const sku = await createProduct(1_000, unitPrice);
  const order = makeOrder({ customerId, items: [{ sku, quantity: 2, unitPrice }] });
  await activities.reserveInventory(stepInput(order));
  return order;
}

describe('authorizePayment', () => {
  it('authorizes the order total, writes the ledger entry and appends payments.payment.authorized', async () => {
    const customerId = await createCustomer(10_000);
    const order = await reservedOrder(customerId, 1_500);

    const result = await activities.authorizePayment(stepInput(order));

    expect(result.amount).toBe(3_000);
    const authorization = await db.paymentAuthorization.findUniqueOrThrow({
      where: { orderId: order.orderId },
    });
    expect(authorization).toMatchObject({
      id: result.authorizationId,
      customerId,
      amount: 3_000,
      status: 'AUTHORIZED',
    });
    const ledger = await db.paymentLedgerEntry.findMany({ where: { orderId: order.orderId } });
    expect(ledger.map((entry) => [entry.kind, entry.amount])).toEqual([['AUTHORIZATION', 3_000]]);
    const event = (await outboxOf(order.orderId)).at(-1);
    expect(event).toMatchObject({ eventType: 'payments.payment.authorized', topic: topics.payments });
    expect(event?.payload).toMatchObject({ data: { amount: 3_000, currency: 'EUR', customerId } });
  });

  it('running it twice returns the same authorization and emits no second event', async () => {
    const customerId = await createCustomer(10_000);
    const order = await reservedOrder(customerId, 1_000);

    const first = await activities.authorizePayment(stepInput(order));
    const second = await activities.authorizePayment(stepInput(order));

    expect(second).toEqual(first);
    expect(await db.paymentLedgerEntry.count({ where: { orderId: order.orderId } })).toBe(1);
    expect(await eventTypesOf(order.orderId)).toEqual([
      'inventory.stock.reserved',
      'payments.payment.authorized',
    ]);
  });

  it('declines an order above the available credit as non-retryable PaymentDeclined and leaves no rows', async () => {
    const order = await reservedOrder('cust-broke', 500);

    await expectRejection(
      activities.authorizePayment(stepInput(order)),
      BUSINESS_REJECTIONS.PAYMENT_DECLINED,
    );

    expect(await db.paymentAuthorization.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await db.paymentLedgerEntry.count({ where: { orderId: order.orderId } })).toBe(0);
    expect(await eventTypesOf(order.orderId)).toEqual(['inventory.stock.reserved']);
  });

  it('counts open authorizations against the credit limit and frees the credit when one is voided', async () => {
    const customerId = await createCustomer(5_000);
    const first = await reservedOrder(customerId, 1_500);
    const second = await reservedOrder(customerId, 1_500);
    await activities.authorizePayment(stepInput(first));

    await expectRejection(
      activities.authorizePayment(stepInput(second)),
      BUSINESS_REJECTIONS.PAYMENT_DECLINED,
    );
    await activities.voidOrRefundPayment({ orderId: first.orderId, reason: 'cancelled' });

    await expect(activities.authorizePayment(stepInput(second))).resolves.toMatchObject({ amount: 3_000 });
  });

  it('rejects an unknown customer as non-retryable UnknownCustomer', async () => {
    const order = await reservedOrder('no-such-customer', 100);

    await expectRejection(
      activities.authorizePayment(stepInput(order)),
      BUSINESS_REJECTIONS.UNKNOWN_CUSTOMER,
    );

    expect(await db.paymentAuthorization.count({ where: { orderId: order.orderId } })).toBe(0);
  });
});

describe('voidOrRefundPayment', () => {
  it('voids an open authorization once and appends payments.payment.voided', async () => {
    const customerId = await createCustomer(10_000);
    const order = await reservedOrder(customerId, 1_000);
    await activities.authorizePayment(stepInput(order));

    const ref = { orderId: order.orderId, causationId: 'cause-void', reason: 'address undeliverable' };
    await expect(activities.voidOrRefundPayment(ref)).resolves.toBe('undone');
    await expect(activities.voidOrRefundPayment(ref)).resolves.toBe('nothing-to-undo');

    const authorization = await db.paymentAuthorization.findUniqueOrThrow({
      where: { orderId: order.orderId },
    });
    expect(authorization.status).toBe('VOIDED');
    const kinds = await db.paymentLedgerEntry.findMany({
      where: { orderId: order.orderId },
      orderBy: { kind: 'asc' },
    });
    expect(kinds.map((entry) => entry.kind)).toEqual(['AUTHORIZATION', 'VOID']);
    expect(
      (await eventTypesOf(order.orderId)).filter((type) => type === 'payments.payment.voided'),
    ).toHaveLength(1);
  });

  it('refunds a captured payment once and appends payments.payment.refunded', async () => {
    const customerId = await createCustomer(10_000);
    const order = await reservedOrder(customerId, 1_000);
    await activities.authorizePayment(stepInput(order));
    await activities.createShipment(stepInput(order));
    await activities.completeOrder({ orderId: order.orderId });

    const ref = { orderId: order.orderId, reason: 'returned' };
    await expect(activities.voidOrRefundPayment(ref)).resolves.toBe('undone');
    await expect(activities.voidOrRefundPayment(ref)).resolves.toBe('nothing-to-undo');

    const authorization = await db.paymentAuthorization.findUniqueOrThrow({
      where: { orderId: order.orderId },
    });
    expect(authorization.status).toBe('REFUNDED');
    const types = await eventTypesOf(order.orderId);
    expect(types.filter((type) => type.startsWith('payments.'))).toEqual([
      'payments.payment.authorized',
      'payments.payment.captured',
      'payments.payment.refunded',
    ]);
  });

  it('succeeds with nothing-to-undo when payment was never authorized', async () => {
    const { orderId } = makeOrder();

    await expect(activities.voidOrRefundPayment({ orderId, reason: 'out of stock' })).resolves.toBe(
      'nothing-to-undo',
    );

    expect(await outboxOf(orderId)).toEqual([]);
  });
});
